using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets;
using ModelHub.Tests.Support;

using ModelHub.Tests.Datasets.Unit;

namespace ModelHub.Tests.Datasets.Integration;

/// <summary>Whatever bytes arrive, the upload use case answers with an outcome, stores only files without errors, and
/// leaves no temp file behind.</summary>
public sealed class UploadDatasetPropertyTests : IAsyncLifetime
{
    private readonly TempFolder folder = new("upload-property");
    private ServiceProvider services = null!;
    private string uploaderId = "";

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddModelHubCoreForTests(folder.Path).BuildServiceProvider();
        await services.MigrateAsync();
        uploaderId = await services.AddUserRowAsync("engineer@example.com");
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Random_bytes_and_corrupted_valid_files_never_throw_and_a_file_with_errors_is_never_stored()
    {
        var upload = services.GetRequiredService<UploadDataset>();
        var store = services.GetRequiredService<DatasetFileStore>();
        var catalog = services.GetRequiredService<DatasetCatalog>();
        var incoming = Path.GetDirectoryName(store.NewTempPath())!;
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<UploadDatasetOutcome, int>();

        // Valid files of 10 to 40 examples, so that some uploads are stored and some find their content already there.
        var validFile = Gen.Int[10, 40].Select(n => Encoding.UTF8.GetBytes(string.Join("\n", ChatJsonl.ValidLines(n)) + "\n"));
        await Gen.OneOf(Gen.Byte.Array[0, 3000], DatasetValidatorPropertyTests.CorruptedValidFile, validFile).SampleAsync(
            async bytes =>
            {
                var result = await upload.ExecuteAsync(
                    new UploadDatasetRequest("property", null, DatasetPurpose.Training, "data.jsonl", uploaderId), new MemoryStream(bytes));

                Assert.True(result.Succeeded, result.Error?.Message);
                var (outcome, dataset, report, _) = result.Value;
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (outcome == UploadDatasetOutcome.HasErrors)
                {
                    Assert.True(report!.ErrorCount > 0);
                    Assert.False(store.Exists(sha));
                    Assert.Null(await catalog.FindBySha256Async(sha));
                }
                else
                {
                    Assert.True(outcome is UploadDatasetOutcome.Stored or UploadDatasetOutcome.AlreadyStored, outcome.ToString());
                    Assert.Equal(0, report!.ErrorCount);
                    Assert.Equal(sha, dataset!.Sha256);
                    Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathFor(sha)));
                }

                Assert.Empty(Directory.EnumerateFiles(incoming));
            },
            iter: 150,
            threads: 1);

        // Both branches ran: the property would hold vacuously if every sample had errors.
        Assert.True(outcomes.GetValueOrDefault(UploadDatasetOutcome.HasErrors) > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(UploadDatasetOutcome.Stored) > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(UploadDatasetOutcome.AlreadyStored) > 0, string.Join(", ", outcomes));
    }
}
