using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Mlflow;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowParamConfiguration : IEntityTypeConfiguration<MlflowParam>
{
    public void Configure(EntityTypeBuilder<MlflowParam> builder)
    {
        builder.HasKey(p => new { p.RunId, p.Key });
        builder.Property(p => p.RunId).HasMaxLength(32);
        builder.Property(p => p.Key).HasMaxLength(MlflowParam.MaxKeyLength);
        builder.Property(p => p.Value).HasMaxLength(MlflowParam.MaxValueLength);
        builder.HasOne<MlflowRun>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
