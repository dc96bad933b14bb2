using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Mlflow;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowVersionTagConfiguration : IEntityTypeConfiguration<MlflowVersionTag>
{
    public void Configure(EntityTypeBuilder<MlflowVersionTag> builder)
    {
        builder.HasKey(t => new { t.ModelVersionId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(MlflowParam.MaxKeyLength);
        builder.Property(t => t.Value).HasMaxLength(MlflowRunTag.MaxValueLength);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(t => t.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
