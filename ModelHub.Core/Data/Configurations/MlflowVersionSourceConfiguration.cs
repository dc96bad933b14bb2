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
        builder.HasOne<MlflowRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Restrict);
    }
}
