using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MetricSeriesConfiguration : IEntityTypeConfiguration<MetricSeries>
{
    public void Configure(EntityTypeBuilder<MetricSeries> builder)
    {
        builder.ToTable("MetricSeries");
        builder.Property(s => s.Name).HasMaxLength(60);
        // Compare reads all series of its versions through this index; one series per version and metric.
        builder.HasIndex(s => new { s.ModelVersionId, s.Name }).IsUnique();
        builder.HasOne(s => s.ModelVersion).WithMany().HasForeignKey(s => s.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
