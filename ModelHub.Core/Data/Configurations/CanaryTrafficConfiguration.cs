using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Gateway;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class CanaryTrafficConfiguration : IEntityTypeConfiguration<CanaryTraffic>
{
    public void Configure(EntityTypeBuilder<CanaryTraffic> builder)
    {
        // At most one canary per model.
        builder.HasIndex(c => c.RegisteredModelId).IsUnique();
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(c => c.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.StartedById).HasMaxLength(450);
    }
}
