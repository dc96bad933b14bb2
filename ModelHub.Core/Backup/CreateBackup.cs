using System.IO.Compression;
using System.Text.Json;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;

namespace ModelHub.Core.Backup;

/// <summary>A finished backup archive.</summary>
/// <param name="Id">The id to download it by.</param>
/// <param name="FileName">The archive's file name.</param>
/// <param name="SizeBytes">The archive's size.</param>
/// <param name="CreatedAt">When the database snapshot was taken.</param>
/// <param name="AuditHead">The last audit entry in the snapshot (0 when the log is empty).</param>
/// <param name="DatasetFiles">How many dataset files it holds.</param>
/// <param name="SettingsFiles">How many settings files it holds.</param>
public sealed record BackupInfo(string Id, string FileName, long SizeBytes, DateTimeOffset CreatedAt, long AuditHead, int DatasetFiles, int SettingsFiles, int ArtifactFiles);

/// <summary>
/// Writes one zip archive laid out like a data folder, so restoring is extracting it into an empty one: the database
/// (the provider's <see cref="IDatabaseSnapshot"/>: a consistent snapshot while the app keeps writing), the dataset files, the settings and
/// the audit anchor file. Not the DataProtection key ring (see the README's "Backup and restore"), not the simulator.
/// </summary>
public sealed class CreateBackup(
    DataFolder dataFolder, BackupStore store, IDatabaseSnapshot database, AuditAnchor anchor, AuditLog audit, TimeProvider time)
{
    /// <summary>The archive's name for the database; the same as in a data folder.</summary>
    public const string DatabaseEntry = "modelhub.db";

    /// <summary>The archive's name for the anchor file; the default anchor path in a data folder.</summary>
    public const string AnchorEntry = "audit-anchor.log";

    /// <summary>What an archive holds, for people deciding to make one.</summary>
    public static IReadOnlyList<string> Includes { get; } =
        ["the database (users, access tokens, datasets, jobs, registry, promotions, audit log)", "the dataset files", "the MLflow run artifacts", "the settings (pricing)", "the audit anchor file"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    // One at a time: a backup reads every file, and two at once would only slow both.
    private readonly SemaphoreSlim running = new(1, 1);

    /// <summary>Why backups cannot be made on this instance (its database provider), or null when they can.</summary>
    public string? UnavailableReason => database.UnavailableReason;

    public async Task<BackupInfo> ExecuteAsync(Actor actor, CancellationToken ct = default)
    {
        await running.WaitAsync(ct);
        var at = time.GetUtcNow();
        var id = BackupStore.NewId(at);
        var final = store.PathFor(id);
        var partial = final + ".tmp";
        var snapshot = final + ".db.tmp";
        try
        {
            // The anchor first: every head it records is then at most the snapshot's, so a restore never reads as truncated.
            var anchorCopy = File.Exists(anchor.FilePath) ? await File.ReadAllBytesAsync(anchor.FilePath, ct) : null;
            var head = await database.WriteAsync(snapshot, ct);

            // After the snapshot: dataset files are stored before their rows commit and never removed, so each one the snapshot names is here.
            var datasets = Files("datasets", skipFolder: "incoming");
            var artifacts = Files("mlflow-artifacts", skipFolder: null);
            var settings = Files("settings", skipFolder: null);
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                {
                    await AddFileAsync(zip, DatabaseEntry, snapshot, ct);
                    foreach (var (entry, path) in datasets.Concat(artifacts).Concat(settings))
                    {
                        await AddFileAsync(zip, entry, path, ct);
                    }

                    if (anchorCopy is not null)
                    {
                        await AddBytesAsync(zip, AnchorEntry, anchorCopy, ct);
                    }

                    var manifest = new { id, createdAt = at, createdBy = actor.Name, auditHead = head, datasetFiles = datasets.Count, artifactFiles = artifacts.Count, settingsFiles = settings.Count, includes = Includes };
                    await AddBytesAsync(zip, "backup-manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);
                }

                await output.FlushAsync(ct);
                output.Flush(flushToDisk: true);
            }

            File.Move(partial, final);
            var info = new BackupInfo(id, Path.GetFileName(final), new FileInfo(final).Length, at, head, datasets.Count, settings.Count, artifacts.Count);
            await audit.WriteAsync((_, trail) =>
            {
                trail.Add(new AuditRecord(actor, AuditActions.BackupCreated, AuditObjects.Backup, id, info.FileName)
                {
                    After = AuditRecord.ToJson(new { info.SizeBytes, info.AuditHead, info.DatasetFiles, info.ArtifactFiles, info.SettingsFiles }),
                });
                return Task.FromResult(0);
            }, ct);
            return info;
        }
        finally
        {
            Delete(partial);
            Delete(snapshot);
            Delete(snapshot + "-wal");
            Delete(snapshot + "-shm");
            running.Release();
        }
    }

    private List<(string Entry, string Path)> Files(string folder, string? skipFolder)
    {
        var root = Path.Combine(dataFolder.Path, folder);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var skip = skipFolder is null ? null : Path.Combine(root, skipFolder) + Path.DirectorySeparatorChar;
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => (skip is null || !path.StartsWith(skip, StringComparison.Ordinal)) && !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(dataFolder.Path, path).Replace(Path.DirectorySeparatorChar, '/'), path))];
    }

    private static async Task AddFileAsync(ZipArchive zip, string entryName, string path, CancellationToken ct)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var target = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
        await source.CopyToAsync(target, ct);
    }

    private static async Task AddBytesAsync(ZipArchive zip, string entryName, byte[] content, CancellationToken ct)
    {
        await using var target = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
        await target.WriteAsync(content, ct);
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
