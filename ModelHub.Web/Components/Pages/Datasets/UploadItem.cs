using ModelHub.Core.Datasets;

namespace ModelHub.Web.Components.Pages.Datasets;

/// <summary>Where one picked file is on its way to the server.</summary>
public enum UploadPhase
{
    Ready,
    Uploading,
    Validating,
    Stored,
    AlreadyStored,
    HasErrors,
    Rejected,
}

/// <summary>One file picked on the upload page: what the user typed about it and how its upload went.</summary>
public sealed class UploadItem
{
    public required int Key { get; init; }

    /// <summary>The file's name on the user's machine: shown, and used to find the file in the browser, never as a path.</summary>
    public required string FileName { get; init; }

    public required long Size { get; init; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public DatasetPurpose Purpose { get; set; } = DatasetPurpose.Training;

    public UploadPhase Phase { get; set; } = UploadPhase.Ready;

    /// <summary>Bytes sent so far, 0-100.</summary>
    public double Percent { get; set; }

    /// <summary>The stored dataset (new or found by its content).</summary>
    public DatasetDetails? Dataset { get; set; }

    /// <summary>The report of a file with errors.</summary>
    public DatasetReport? Report { get; set; }

    /// <summary>Why the file was rejected (too large, not JSONL, connection lost).</summary>
    public string? Message { get; set; }

    public bool IsBusy => Phase is UploadPhase.Uploading or UploadPhase.Validating;
}
