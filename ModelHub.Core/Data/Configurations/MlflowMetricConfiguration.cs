using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Mlflow;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowMetricConfiguration : IEntityTypeConfiguration<MlflowMetric>
{
    public void Configure(EntityTypeBuilder<MlflowMetric> builder)
    {
        builder.Property(m => m.RunId).HasMaxLength(32);
        builder.Property(m => m.Key).HasMaxLength(MlflowParam.MaxKeyLength);
        // get-history reads one key of one run in step order; the run's latest values read the same index.
        builder.HasIndex(m => new { m.RunId, m.Key, m.Step });
        builder.HasOne<MlflowRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
