using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Mlflow;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowRunTagConfiguration : IEntityTypeConfiguration<MlflowRunTag>
{
    public void Configure(EntityTypeBuilder<MlflowRunTag> builder)
    {
        builder.HasKey(t => new { t.RunId, t.Key });
        builder.Property(t => t.RunId).HasMaxLength(32);
        builder.Property(t => t.Key).HasMaxLength(MlflowParam.MaxKeyLength);
        builder.Property(t => t.Value).HasMaxLength(MlflowRunTag.MaxValueLength);
        builder.HasOne<MlflowRun>().WithMany().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
