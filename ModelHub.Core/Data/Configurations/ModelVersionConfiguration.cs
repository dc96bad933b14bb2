using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Data.Configurations;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.Property(v => v.ProviderModelId).HasMaxLength(300);
        builder.Property(v => v.BaseModel).HasMaxLength(200);
        builder.Property(v => v.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.TrainingDatasetSha256).HasMaxLength(64);
        builder.Property(v => v.ValidationDatasetSha256).HasMaxLength(64);
        builder.Property(v => v.Suffix).HasMaxLength(64);
        builder.Property(v => v.Description).HasMaxLength(4000);
        builder.Property(v => v.Tags).HasMaxLength(500);
        builder.HasIndex(v => new { v.RegisteredModelId, v.Number }).IsUnique();
        // The models list and the resolve API look up each model's Production / Staging version.
        builder.HasIndex(v => new { v.RegisteredModelId, v.Stage });
        // At most one Production and one Staging version per model, guaranteed by the database as well as the use cases.
        // The filters are provider SQL; the stage is stored as its name. Quoted identifiers work on SQLite and PostgreSQL.
        builder.HasIndex([nameof(ModelVersion.RegisteredModelId)], "IX_ModelVersions_OneProduction").IsUnique().HasFilter("\"Stage\" = 'Production'");
        builder.HasIndex([nameof(ModelVersion.RegisteredModelId)], "IX_ModelVersions_OneStaging").IsUnique().HasFilter("\"Stage\" = 'Staging'");
        // One version per job: the database, not only the tracker, guarantees "registered exactly once".
        builder.HasIndex(v => v.JobId).IsUnique();
        builder.HasOne<FineTuneJob>().WithOne(j => j.Version).HasForeignKey<ModelVersion>(v => v.JobId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(v => v.TrainingDatasetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(v => v.ValidationDatasetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelHubUser>().WithMany().HasForeignKey(v => v.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
