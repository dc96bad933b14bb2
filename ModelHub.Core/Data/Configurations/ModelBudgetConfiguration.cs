using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Gateway;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class ModelBudgetConfiguration : IEntityTypeConfiguration<ModelBudget>
{
    public void Configure(EntityTypeBuilder<ModelBudget> builder)
    {
        // At most one budget per model.
        builder.HasIndex(b => b.RegisteredModelId).IsUnique();
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(b => b.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(b => b.MonthlyUsd).HasPrecision(18, 6);
        builder.Property(b => b.SetById).HasMaxLength(450);
    }
}
