using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class GateDefinitionConfiguration : IEntityTypeConfiguration<GateDefinition>
{
    public void Configure(EntityTypeBuilder<GateDefinition> builder)
    {
        builder.HasIndex(g => g.RegisteredModelId).IsUnique();
        builder.HasOne<RegisteredModel>().WithOne().HasForeignKey<GateDefinition>(g => g.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(g => g.UpdatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
