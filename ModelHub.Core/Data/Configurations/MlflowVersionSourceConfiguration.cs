using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Mlflow;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowVersionSourceConfiguration : IEntityTypeConfiguration<MlflowVersionSource>
{
    public void Configure(EntityTypeBuilder<MlflowVersionSource> builder)
    {
        builder.HasKey(s => s.ModelVersionId);
        builder.Property(s => s.RunId).HasMaxLength(32);
        builder.Property(s => s.Source).HasMaxLength(1000);
        builder.HasIndex(s => s.RunId);
        builder.HasOne<ModelVersion>().WithOne().HasForeignKey<MlflowVersionSource>(s => s.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to MlflowRuns: the run may also be a ModelHub job's run (mhjob-{id}), which has no MlflowRuns row.
    }
}
