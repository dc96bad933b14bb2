using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class JobStatusChangeConfiguration : IEntityTypeConfiguration<JobStatusChange>
{
    public void Configure(EntityTypeBuilder<JobStatusChange> builder)
    {
        builder.Property(c => c.From).HasMaxLength(30);
        builder.Property(c => c.To).HasMaxLength(30);
        builder.Property(c => c.Note).HasMaxLength(200);
        builder.HasIndex(c => new { c.JobId, c.At });
        builder.HasOne(c => c.Job).WithMany(j => j.StatusChanges).HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
