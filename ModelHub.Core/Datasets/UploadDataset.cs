using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Core.Datasets;

/// <summary>What a person or a script says about a file they upload.</summary>
/// <param name="Name">Shown in lists and pickers; 1 to <see cref="InputLimits.MaxNameLength"/> characters.</param>
/// <param name="Description">Optional notes, up to <see cref="InputLimits.MaxTextLength"/> characters.</param>
/// <param name="Purpose">Training or validation data.</param>
/// <param name="OriginalFileName">The file's name on the uploader's machine: shown, never used as a path.</param>
/// <param name="UploadedById">The uploading user's id.</param>
public sealed record UploadDatasetRequest(string Name, string? Description, DatasetPurpose Purpose, string OriginalFileName, string UploadedById)
{
    /// <summary>The tokenizer used when the uploader names no base model.</summary>
    public const string DefaultBaseModel = "gpt-4o-mini";

    /// <summary>The base model whose tokenizer counts the tokens.</summary>
    public string BaseModel { get; init; } = DefaultBaseModel;
}

/// <summary>How an upload ended.</summary>
public enum UploadDatasetOutcome
{
    /// <summary>New content: stored and recorded.</summary>
    Stored,

    /// <summary>The same bytes were stored before: that dataset is returned, nothing new is stored.</summary>
    AlreadyStored,

    /// <summary>The file has errors: nothing is stored; the report says what to fix.</summary>
    HasErrors,

    /// <summary>The file is over <see cref="ModelHubOptions.MaxUploadBytes"/>: nothing is stored.</summary>
    TooLarge,
}

/// <summary>The outcome of <see cref="UploadDataset"/>: the dataset when stored (or found), the report when the file has errors.</summary>
public sealed record UploadDatasetResult(UploadDatasetOutcome Outcome, DatasetDetails? Dataset, DatasetReport? Report, long MaxUploadBytes);

/// <summary>
/// Validates an uploaded JSONL stream while copying it to a temp file (one pass, bounded memory), then stores it
/// content-addressed and records it, or reuses the dataset with the same SHA-256. Shared by the upload page and the API.
/// </summary>
public sealed class UploadDataset(
    AuditLog audit,
    DatasetFileStore store,
    DatasetCatalog catalog,
    IOptions<ModelHubOptions> options,
    TimeProvider time)
{
    /// <summary>The largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>Checks what the uploader typed, before any byte is read.</summary>
    public static Error? Check(UploadDatasetRequest request) =>
        CheckName(request.Name)
        ?? CheckDescription(request.Description)
        ?? (string.IsNullOrWhiteSpace(request.BaseModel) ? Error.Validation("Name a base model for counting tokens.", "baseModel") : null);

    /// <summary>Checks the dataset's name on its own, e.g. as soon as a multipart field arrives.</summary>
    public static Error? CheckName(string? name) => InputLimits.Name(name, "name", "The dataset name");

    /// <summary>Checks the optional description on its own.</summary>
    public static Error? CheckDescription(string? description) => InputLimits.Text(description, "description", "The description");

    /// <summary>Checks the request, then receives, validates and stores the file in one pass.</summary>
    /// <param name="request">Name, purpose and uploader.</param>
    /// <param name="content">The file's bytes, read forward once.</param>
    /// <param name="bytesRead">Receives the running number of bytes read.</param>
    /// <param name="ct">Cancels the upload; the temp file is removed.</param>
    public async Task<Result<UploadDatasetResult>> ExecuteAsync(
        UploadDatasetRequest request, Stream content, IProgress<long>? bytesRead = null, CancellationToken ct = default)
    {
        if (Check(request) is { } invalid)
        {
            return invalid;
        }

        using var received = await ReceiveAsync(content, request.BaseModel, bytesRead, ct);
        return await StoreAsync(request, received, ct);
    }

    /// <summary>
    /// Reads the file once into a temp file while validating and hashing it, before its name is known (multipart
    /// clients often send the file before the text fields). Dispose the result: that removes the temp file unless
    /// <see cref="StoreAsync"/> committed it. A failing read (a truncated body) removes it and rethrows.
    /// </summary>
    public async Task<ReceivedUpload> ReceiveAsync(
        Stream content, string baseModel = UploadDatasetRequest.DefaultBaseModel, IProgress<long>? bytesRead = null, CancellationToken ct = default)
    {
        var temp = store.NewTempPath();
        try
        {
            var validation = await UploadPass.RunAsync(content, temp, MaxUploadBytes, new DatasetValidationOptions { BaseModel = baseModel }, bytesRead, ct);
            return new ReceivedUpload(temp, validation, MaxUploadBytes);
        }
        catch
        {
            DatasetFileStore.Discard(temp);
            throw;
        }
    }

    /// <summary>Stores a received file under what the uploader said about it, or reuses the dataset with the same bytes.</summary>
    public async Task<Result<UploadDatasetResult>> StoreAsync(UploadDatasetRequest request, ReceivedUpload received, CancellationToken ct = default)
    {
        if (Check(request) is { } invalid)
        {
            return invalid;
        }

        if (received.Refusal is { } refused)
        {
            return refused;
        }

        var limit = received.MaxUploadBytes;
        var validation = received.Validation!;
        var report = DatasetReport.From(validation);
        if (await catalog.FindBySha256Async(validation.Sha256, ct) is { } existing)
        {
            return new UploadDatasetResult(UploadDatasetOutcome.AlreadyStored, existing, existing.Report, limit);
        }

        store.Commit(received.TempPath, validation.Sha256);
        received.Committed();
        return await RecordAsync(request, validation, report, limit, ct);
    }

    private async Task<UploadDatasetResult> RecordAsync(
        UploadDatasetRequest request, DatasetValidationReport validation, DatasetReport report, long limit, CancellationToken ct)
    {
        var stats = validation.Statistics;
        var dataset = new Dataset
        {
            Name = request.Name.Trim(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            Purpose = request.Purpose,
            Sha256 = validation.Sha256,
            SizeBytes = stats.Bytes,
            OriginalFileName = SafeFileName(request.OriginalFileName),
            ExampleCount = stats.ExampleCount,
            TotalTokens = stats.TotalTokens,
            Encoding = stats.Encoding ?? "",
            WarningCount = report.WarningCount,
            ReportJson = JsonSerializer.Serialize(report, DatasetCatalog.Json),
            StatisticsJson = JsonSerializer.Serialize(stats, DatasetCatalog.Json),
            CreatedById = request.UploadedById,
            CreatedAt = time.GetUtcNow(),
        };

        string? createdBy;
        try
        {
            createdBy = await audit.WriteAsync(async (db, trail) =>
            {
                db.Datasets.Add(dataset);
                await db.SaveChangesAsync(ct);
                var email = await db.Users.Where(u => u.Id == dataset.CreatedById).Select(u => u.Email).FirstOrDefaultAsync(ct);
                trail.Add(new AuditRecord(Actor.User(dataset.CreatedById, email), AuditActions.DatasetUploaded, AuditObjects.Dataset,
                    dataset.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), dataset.Name)
                {
                    After = AuditRecord.ToJson(new { sha256 = dataset.Sha256, purpose = dataset.Purpose.ToString(), examples = dataset.ExampleCount, bytes = dataset.SizeBytes }),
                });
                return email;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Two uploads of the same bytes at once: the unique index let one win; the other gets that dataset.
            var raced = await catalog.FindBySha256Async(validation.Sha256, CancellationToken.None);
            if (raced is null)
            {
                throw;
            }

            return new UploadDatasetResult(UploadDatasetOutcome.AlreadyStored, raced, raced.Report, limit);
        }

        return new UploadDatasetResult(UploadDatasetOutcome.Stored, DatasetCatalog.ToDetails(dataset, createdBy), report, limit);
    }

    // Only the last path segment is kept, for display; it never becomes a path on disk.
    private static string SafeFileName(string name)
    {
        var last = name.Replace('\\', '/').Split('/').LastOrDefault(s => s.Length > 0) ?? "upload.jsonl";
        var clean = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "upload.jsonl" : clean[..Math.Min(clean.Length, 260)];
    }
}
