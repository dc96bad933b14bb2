using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;

namespace ModelHub.Core.Data.Configurations;

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> builder)
    {
        builder.ToTable("AccessTokens");
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.IssuedById).HasMaxLength(450);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => new { t.UserId, t.Name });
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
