using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class PromotionRequestConfiguration : IEntityTypeConfiguration<PromotionRequest>
{
    public void Configure(EntityTypeBuilder<PromotionRequest> builder)
    {
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Comment).HasMaxLength(2000);
        builder.Property(r => r.DecisionComment).HasMaxLength(2000);
        builder.HasIndex(r => r.Status);
        builder.HasIndex(r => new { r.ModelVersionId, r.Status });
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(r => r.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(r => r.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GateRun>().WithMany().HasForeignKey(r => r.GateRunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(r => r.ProductionVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(r => r.RequestedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(r => r.DecidedById).OnDelete(DeleteBehavior.Restrict);
    }
}
