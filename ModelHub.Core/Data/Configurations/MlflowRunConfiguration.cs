using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowRunConfiguration : IEntityTypeConfiguration<MlflowRun>
{
    public void Configure(EntityTypeBuilder<MlflowRun> builder)
    {
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.Name).HasMaxLength(250);
        builder.Property(r => r.UserName).HasMaxLength(256);
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.LifecycleStage).HasMaxLength(20);
        // runs/search lists an experiment's runs newest first.
        builder.HasIndex(r => new { r.ExperimentId, r.StartTime });
        builder.HasOne<MlflowExperiment>().WithMany().HasForeignKey(r => r.ExperimentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
