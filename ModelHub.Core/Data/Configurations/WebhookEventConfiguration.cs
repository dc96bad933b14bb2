using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core.Data.Configurations;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("WebhookEvents");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Type).HasMaxLength(64);
        // The dispatcher's question on every pass: which events have not been fanned out yet.
        builder.HasIndex(e => e.FannedOutAt);
    }
}
