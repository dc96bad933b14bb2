using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Gateway;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class UsageMinuteConfiguration : IEntityTypeConfiguration<UsageMinute>
{
    public void Configure(EntityTypeBuilder<UsageMinute> builder)
    {
        // Model is the name as asked (not a foreign key): calls to unknown models are metered too.
        builder.Property(u => u.Model).HasMaxLength(RegisteredModel.MaxNameLength + 1);
        builder.Property(u => u.Alias).HasMaxLength(ModelAlias.MaxNameLength);
        builder.Property(u => u.CallerId).HasMaxLength(450);
        builder.Property(u => u.LatencyBuckets).HasMaxLength(2000);
        // One row per minute and key: the flush adds to it.
        builder.HasIndex(u => new { u.Minute, u.Model, u.Version, u.Alias, u.Canary, u.CallerId, u.TokenId, u.Status }).IsUnique();
        builder.HasIndex(u => new { u.Model, u.Minute });
    }
}
