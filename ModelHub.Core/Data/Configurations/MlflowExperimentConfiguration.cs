using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Mlflow;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowExperimentConfiguration : IEntityTypeConfiguration<MlflowExperiment>
{
    public void Configure(EntityTypeBuilder<MlflowExperiment> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(MlflowExperiment.MaxNameLength);
        builder.Property(e => e.LifecycleStage).HasMaxLength(20);
        builder.HasIndex(e => e.Name).IsUnique();
    }
}
