using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class StageTransitionConfiguration : IEntityTypeConfiguration<StageTransition>
{
    public void Configure(EntityTypeBuilder<StageTransition> builder)
    {
        builder.Property(t => t.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Reason).HasMaxLength(2000);
        builder.HasIndex(t => new { t.ModelVersionId, t.At });
        // The dashboard's "recent stage changes" reads newest first across all models.
        builder.HasIndex(t => t.At);
        builder.HasOne(t => t.ModelVersion).WithMany().HasForeignKey(t => t.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(t => t.ById).OnDelete(DeleteBehavior.Restrict);
    }
}
