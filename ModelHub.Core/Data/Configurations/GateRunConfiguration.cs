using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class GateRunConfiguration : IEntityTypeConfiguration<GateRun>
{
    public void Configure(EntityTypeBuilder<GateRun> builder)
    {
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.CostUsd).HasPrecision(18, 6);
        // A version's runs newest first, and "latest finished run of production on this dataset".
        builder.HasIndex(r => new { r.ModelVersionId, r.DatasetId, r.StartedAt });
        builder.HasIndex(r => r.Status);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(r => r.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(r => r.ProductionVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(r => r.RequestedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Failures).WithOne().HasForeignKey(f => f.GateRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GateRunFailureConfiguration : IEntityTypeConfiguration<GateRunFailure>
{
    public void Configure(EntityTypeBuilder<GateRunFailure> builder)
    {
        builder.Property(f => f.PromptExcerpt).HasMaxLength(GateRunFailure.MaxPromptExcerpt);
        builder.HasIndex(f => new { f.GateRunId, f.Line });
    }
}
