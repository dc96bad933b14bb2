using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Gateway;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class BudgetAlertConfiguration : IEntityTypeConfiguration<BudgetAlert>
{
    public void Configure(EntityTypeBuilder<BudgetAlert> builder)
    {
        // Once per model, month and threshold: a second instance's insert fails instead of writing a second audit entry.
        builder.HasIndex(a => new { a.RegisteredModelId, a.Month, a.Threshold }).IsUnique();
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(a => a.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Month).HasMaxLength(7);
        builder.Property(a => a.SpendUsd).HasPrecision(18, 6);
        builder.Property(a => a.BudgetUsd).HasPrecision(18, 6);
    }
}
