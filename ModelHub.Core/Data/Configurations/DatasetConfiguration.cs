using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.Identity;

namespace ModelHub.Core.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Description).HasMaxLength(4000);
        builder.Property(d => d.Purpose).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.OriginalFileName).HasMaxLength(260);
        builder.Property(d => d.Encoding).HasMaxLength(40);
        builder.HasIndex(d => d.Sha256).IsUnique();
        builder.HasIndex(d => d.CreatedAt);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(d => d.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.ProviderFiles).WithOne().HasForeignKey(f => f.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetProviderFileConfiguration : IEntityTypeConfiguration<DatasetProviderFile>
{
    public void Configure(EntityTypeBuilder<DatasetProviderFile> builder)
    {
        builder.ToTable("DatasetProviderFiles");
        builder.Property(f => f.Provider).HasMaxLength(300);
        builder.Property(f => f.FileId).HasMaxLength(200);
        builder.HasIndex(f => new { f.DatasetId, f.Provider }).IsUnique();
    }
}
