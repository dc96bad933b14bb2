using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Identity;

namespace ModelHub.Core.Data.Configurations;

internal sealed class ModelHubUserConfiguration : IEntityTypeConfiguration<ModelHubUser>
{
    public void Configure(EntityTypeBuilder<ModelHubUser> builder)
    {
        builder.Property(u => u.IsDisabled).HasDefaultValue(false);
        builder.Property(u => u.PrefersDarkMode).HasDefaultValue(false);
    }
}
