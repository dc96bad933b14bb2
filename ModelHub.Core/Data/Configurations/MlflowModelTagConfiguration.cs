using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Mlflow;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class MlflowModelTagConfiguration : IEntityTypeConfiguration<MlflowModelTag>
{
    public void Configure(EntityTypeBuilder<MlflowModelTag> builder)
    {
        builder.HasKey(t => new { t.RegisteredModelId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(MlflowParam.MaxKeyLength);
        builder.Property(t => t.Value).HasMaxLength(MlflowRunTag.MaxValueLength);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(t => t.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
