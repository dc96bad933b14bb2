using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> builder)
    {
        builder.Property(d => d.ProviderModelId).HasMaxLength(300);
        builder.Property(d => d.Reason).HasMaxLength(2000);
        builder.Property(d => d.Kind).HasMaxLength(20);
        builder.HasIndex(d => new { d.RegisteredModelId, d.From });
        // At most one open deployment per model. The filter is provider SQL (quoted identifiers work on SQLite and PostgreSQL).
        builder.HasIndex(d => d.RegisteredModelId).IsUnique().HasFilter("\"To\" IS NULL").HasDatabaseName("IX_Deployments_Current");
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(d => d.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(d => d.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(d => d.ById).OnDelete(DeleteBehavior.Restrict);
    }
}
