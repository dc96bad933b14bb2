using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Core.Datasets;

/// <summary>
/// An upload's bytes in a temp file, validated and hashed, waiting for the name it is stored under
/// (<see cref="UploadDataset.StoreAsync"/>). Disposing it removes the temp file unless it was committed to the store.
/// </summary>
public sealed class ReceivedUpload : IDisposable
{
    private bool committed;

    internal ReceivedUpload(string tempPath, DatasetValidationReport? validation, long maxUploadBytes)
    {
        TempPath = tempPath;
        Validation = validation;
        MaxUploadBytes = maxUploadBytes;
    }

    /// <summary>
    /// The answer when the file itself cannot be stored, whatever its name: over the upload limit (reading stopped
    /// there) or with errors (with the report); null when it can be stored.
    /// </summary>
    public UploadDatasetResult? Refusal => Validation switch
    {
        null => new UploadDatasetResult(UploadDatasetOutcome.TooLarge, null, null, MaxUploadBytes),
        { HasErrors: true } => new UploadDatasetResult(UploadDatasetOutcome.HasErrors, null, DatasetReport.From(Validation), MaxUploadBytes),
        _ => null,
    };

    /// <summary>The limit the file was read against, in bytes.</summary>
    public long MaxUploadBytes { get; }

    internal string TempPath { get; }

    internal DatasetValidationReport? Validation { get; }

    internal void Committed() => committed = true;

    public void Dispose()
    {
        if (!committed)
        {
            DatasetFileStore.Discard(TempPath);
        }
    }
}
