using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class JobEventConfiguration : IEntityTypeConfiguration<JobEvent>
{
    public void Configure(EntityTypeBuilder<JobEvent> builder)
    {
        builder.Property(e => e.ProviderEventId).HasMaxLength(200);
        builder.Property(e => e.Level).HasMaxLength(20);
        builder.Property(e => e.Message).HasMaxLength(4000);
        builder.Property(e => e.Type).HasMaxLength(20);
        builder.HasIndex(e => new { e.JobId, e.ProviderEventId }).IsUnique();
        builder.HasIndex(e => new { e.JobId, e.CreatedAt });
        builder.HasOne<FineTuneJob>().WithMany().HasForeignKey(e => e.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
