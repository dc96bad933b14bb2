using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Tests.Support;

/// <summary>Stores validated datasets the way the upload does (validator, content store, row), without the upload UI.</summary>
public static class DatasetSeeder
{
    public static async Task<int> AddAsync(IServiceProvider services, string name, string content, DatasetPurpose purpose, string createdById)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var report = await DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions());
        Assert.False(report.HasErrors, $"Sample '{name}' does not validate.");

        var store = services.GetRequiredService<DatasetFileStore>();
        var temp = store.NewTempPath();
        await File.WriteAllBytesAsync(temp, bytes);
        store.Commit(temp, report.Sha256);

        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var dataset = new Dataset
        {
            Name = name,
            Purpose = purpose,
            Sha256 = report.Sha256,
            SizeBytes = bytes.Length,
            OriginalFileName = name + ".jsonl",
            ExampleCount = report.Statistics.ExampleCount,
            TotalTokens = report.Statistics.BillableTokensPerEpoch,
            Encoding = report.Statistics.Encoding ?? "o200k_base",
            WarningCount = report.WarningCount,
            ReportJson = JsonSerializer.Serialize(DatasetReport.From(report), DatasetCatalog.Json),
            StatisticsJson = JsonSerializer.Serialize(report.Statistics),
            CreatedById = createdById,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        return dataset.Id;
    }

    /// <summary>The clean sentiment train and validation samples.</summary>
    public static async Task<(int Training, int Validation)> AddCleanSampleAsync(IServiceProvider services, string createdById) => (
        await AddAsync(services, "sentiment-train", SampleDatasets.CleanTrain(), DatasetPurpose.Training, createdById),
        await AddAsync(services, "sentiment-validation", SampleDatasets.CleanValidation(), DatasetPurpose.Validation, createdById));
}
