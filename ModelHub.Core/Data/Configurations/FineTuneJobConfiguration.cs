using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class FineTuneJobConfiguration : IEntityTypeConfiguration<FineTuneJob>
{
    public void Configure(EntityTypeBuilder<FineTuneJob> builder)
    {
        builder.ToTable("FineTuneJobs");
        builder.Ignore(j => j.ModelHubJobId);
        builder.Ignore(j => j.IsTerminal);
        builder.Property(j => j.ProviderJobId).HasMaxLength(200);
        builder.Property(j => j.Status).HasMaxLength(30);
        builder.Property(j => j.BaseModel).HasMaxLength(200);
        builder.Property(j => j.Suffix).HasMaxLength(64);
        builder.Property(j => j.Notes).HasMaxLength(4000);
        builder.Property(j => j.FineTunedModel).HasMaxLength(300);
        builder.Property(j => j.ErrorCode).HasMaxLength(100);
        builder.Property(j => j.ErrorMessage).HasMaxLength(4000);
        builder.Property(j => j.LatestEventId).HasMaxLength(200);
        builder.HasIndex(j => j.ProviderJobId).IsUnique();
        builder.HasIndex(j => j.Status);
        builder.HasIndex(j => j.CreatedAt);
        builder.HasOne(j => j.RegisteredModel).WithMany().HasForeignKey(j => j.RegisteredModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(j => j.TrainingDatasetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(j => j.ValidationDatasetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(j => j.LaunchedById).OnDelete(DeleteBehavior.Restrict);
    }
}
