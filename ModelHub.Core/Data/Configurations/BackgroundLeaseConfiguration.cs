using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Scaleout;

namespace ModelHub.Core.Data.Configurations;

internal sealed class BackgroundLeaseConfiguration : IEntityTypeConfiguration<BackgroundLease>
{
    public void Configure(EntityTypeBuilder<BackgroundLease> builder)
    {
        builder.ToTable("BackgroundLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(BackgroundLease.MaxNameLength);
        builder.Property(l => l.Holder).HasMaxLength(BackgroundLease.MaxHolderLength);
        // The conditional UPDATE: a renewal or take-over only lands if nobody else wrote the row since it was read.
        builder.Property(l => l.Version).IsConcurrencyToken();
    }
}
