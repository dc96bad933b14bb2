namespace ModelHub.Core.Datasets;

/// <summary>What a dataset is for when a job is launched; <c>training</c> or <c>validation</c> in JSON.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DatasetPurpose>))]
public enum DatasetPurpose
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("training")]
    Training,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("validation")]
    Validation,
}

/// <summary>A validated chat JSONL file, stored once by its SHA-256, with its validation report and statistics.</summary>
public sealed class Dataset
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public DatasetPurpose Purpose { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content; also its file name in the content store.</summary>
    public required string Sha256 { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>The name the file had on the uploader's machine: shown, never used as a path.</summary>
    public required string OriginalFileName { get; set; }

    public int ExampleCount { get; set; }

    /// <summary>Tokens of all examples under <see cref="Encoding"/> (billed training tokens per epoch).</summary>
    public long TotalTokens { get; set; }

    /// <summary>The tokenizer encoding the statistics were counted with (e.g. <c>o200k_base</c>).</summary>
    public required string Encoding { get; set; }

    public int WarningCount { get; set; }

    /// <summary>The validation report as JSON (errors are always empty: files with errors are never stored).</summary>
    public required string ReportJson { get; set; }

    /// <summary>Token and message statistics as JSON.</summary>
    public required string StatisticsJson { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when archived: hidden from pickers, kept for lineage.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    public List<DatasetProviderFile> ProviderFiles { get; set; } = [];
}

/// <summary>The provider's file id for a dataset, so each dataset is uploaded to each provider once.</summary>
public sealed class DatasetProviderFile
{
    public int Id { get; set; }

    public int DatasetId { get; set; }

    /// <summary>Which provider: its base URL (the simulator and HolySheep have different file ids).</summary>
    public required string Provider { get; set; }

    public required string FileId { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
