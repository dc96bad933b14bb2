using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class VersionEvaluationConfiguration : IEntityTypeConfiguration<VersionEvaluation>
{
    public void Configure(EntityTypeBuilder<VersionEvaluation> builder)
    {
        builder.Property(e => e.DatasetSha256).HasMaxLength(64);
        // "The latest evaluation of production on this file."
        builder.HasIndex(e => new { e.ModelVersionId, e.DatasetSha256, e.FinishedAt });
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(e => e.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GateRun>().WithMany().HasForeignKey(e => e.GateRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
