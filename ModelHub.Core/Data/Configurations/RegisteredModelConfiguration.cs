using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class RegisteredModelConfiguration : IEntityTypeConfiguration<RegisteredModel>
{
    public void Configure(EntityTypeBuilder<RegisteredModel> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(RegisteredModel.MaxNameLength);
        builder.Property(m => m.Description).HasMaxLength(4000);
        builder.Property(m => m.Tags).HasMaxLength(500);
        builder.HasIndex(m => m.Name).IsUnique();
        // The models list's default order (last change, newest first, then name), as one index in that exact order: SQLite
        // then walks it and skips the OFFSET rows without computing them. On UpdatedAt alone it sorted all 10,000 models
        // (every column and per-model subquery) for each page: 21 ms -> 0.2 ms for page 200.
        builder.HasIndex(m => new { m.UpdatedAt, m.Name }).IsDescending(true, false);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Versions).WithOne(v => v.RegisteredModel).HasForeignKey(v => v.RegisteredModelId).OnDelete(DeleteBehavior.Restrict);
    }
}
