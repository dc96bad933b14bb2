using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.Property(e => e.Url).HasMaxLength(WebhookTargets.MaxUrlLength);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(2000);
        builder.Property(e => e.SecretHint).HasMaxLength(8);
        builder.Property(e => e.Events).HasMaxLength(1000);
        builder.Property(e => e.Format).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.CreatedById).HasMaxLength(450);
        builder.Ignore(e => e.EventList);
    }
}
