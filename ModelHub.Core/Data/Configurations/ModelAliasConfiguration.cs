using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class ModelAliasConfiguration : IEntityTypeConfiguration<ModelAlias>
{
    public void Configure(EntityTypeBuilder<ModelAlias> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(ModelAlias.MaxNameLength);
        // "One version at a time" is the database's guarantee: a second row for the same name cannot exist.
        builder.HasIndex(a => new { a.RegisteredModelId, a.Name }).IsUnique();
        builder.HasIndex(a => a.ModelVersionId);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(a => a.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.ModelVersion).WithMany().HasForeignKey(a => a.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(a => a.UpdatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
