using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class JobCheckpointConfiguration : IEntityTypeConfiguration<JobCheckpoint>
{
    public void Configure(EntityTypeBuilder<JobCheckpoint> builder)
    {
        builder.Property(c => c.ProviderCheckpointId).HasMaxLength(200);
        builder.Property(c => c.FineTunedModelCheckpoint).HasMaxLength(300);
        builder.HasIndex(c => c.ProviderCheckpointId).IsUnique();
        builder.HasIndex(c => c.JobId);
        builder.HasOne<FineTuneJob>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
