using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MetricPointConfiguration : IEntityTypeConfiguration<MetricPoint>
{
    public void Configure(EntityTypeBuilder<MetricPoint> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(60);
        // Also the index a job's series is read through (job, metric, step order).
        builder.HasIndex(p => new { p.JobId, p.Name, p.Step }).IsUnique();
        builder.HasOne<FineTuneJob>().WithMany().HasForeignKey(p => p.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
