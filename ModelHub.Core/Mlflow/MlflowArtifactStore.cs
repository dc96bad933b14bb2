using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Run artifacts under <c>&lt;data folder&gt;/mlflow-artifacts/{experiment}/{run}/artifacts/…</c>, addressed by the
/// paths MLflow's artifact proxy uses. Paths are checked segment by segment (no <c>..</c>, no absolute paths), and
/// uploads are written to a temp file and renamed.
/// </summary>
public sealed class MlflowArtifactStore(DataFolder folder, IDbContextFactory<ModelHubDbContext> dbFactory, IOptions<ModelHubOptions> options)
{
    private readonly string root = folder.Sub("mlflow-artifacts");

    /// <summary>Largest single artifact accepted.</summary>
    public long MaxBytes => options.Value.MaxUploadBytes;

    /// <summary>Stores one file; the path must lie inside an existing run's artifact folder.</summary>
    public async Task<Result<long>> WriteAsync(string? path, Stream content, CancellationToken ct = default)
    {
        var full = Resolve(path);
        if (!full.Succeeded)
        {
            return full.Error!;
        }

        var segments = path!.Split('/');
        if (segments.Length < 4 || segments[2] != "artifacts" || MlflowExperiments.ParseId(segments[0]) is not { } experimentId)
        {
            return MlflowErrors.Invalid("Artifacts are uploaded to {experiment_id}/{run_id}/artifacts/{path}.", "path");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var runId = segments[1];
            if (JobRuns.JobId(runId) is not null)
            {
                return JobRuns.ReadOnly(runId);
            }

            var stage = await db.MlflowRuns.Where(r => r.Id == runId && r.ExperimentId == experimentId).Select(r => r.LifecycleStage).SingleOrDefaultAsync(ct);
            if (stage is null)
            {
                return MlflowRuns.RunNotFound($"{segments[0]}/{runId}");
            }

            if (stage != MlflowLifecycle.Active)
            {
                return MlflowErrors.InvalidState($"Run {runId} is deleted; restore it before uploading artifacts.");
            }
        }

        if (Directory.Exists(full.Value))
        {
            return MlflowErrors.Invalid($"'{path}' is a folder.", "path");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full.Value)!);
        var temp = full.Value + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            long written;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                written = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    written += read;
                    if (written > MaxBytes)
                    {
                        return Error.Validation($"The artifact is larger than {MaxBytes} bytes.", "size");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            File.Move(temp, full.Value, overwrite: true);
            return written;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>The files and folders directly inside <paramref name="path"/>, by name (empty when it does not exist).</summary>
    public Result<IReadOnlyList<ArtifactView>> List(string? path, bool relativeToParent = false)
    {
        var full = string.IsNullOrEmpty(path) ? root : Resolve(path) is { Succeeded: true } resolved ? resolved.Value : null;
        if (full is null)
        {
            return Resolve(path).Error!;
        }

        if (!Directory.Exists(full))
        {
            return Result<IReadOnlyList<ArtifactView>>.Success([]);
        }

        var prefix = relativeToParent && !string.IsNullOrEmpty(path) ? path.TrimEnd('/') + "/" : "";
        var entries = new DirectoryInfo(full).EnumerateFileSystemInfos()
            .Where(e => !e.Name.EndsWith(".tmp", StringComparison.Ordinal))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => e is FileInfo file ? new ArtifactView(prefix + e.Name, false, file.Length) : new ArtifactView(prefix + e.Name, true, null))
            .ToList();
        return entries;
    }

    /// <summary>Opens a stored file for reading, or not-found.</summary>
    public Result<FileStream> Open(string? path)
    {
        var full = Resolve(path);
        if (!full.Succeeded)
        {
            return full.Error!;
        }

        return File.Exists(full.Value)
            ? new FileStream(full.Value, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : Error.NotFound($"Artifact '{path}'");
    }

    /// <summary>The <c>fine_tuned_model</c> a run's <c>model_metadata.json</c> artifact names, if it has one.</summary>
    public async Task<string?> FineTunedModelAsync(int experimentId, string runId, CancellationToken ct = default)
    {
        var full = Resolve($"{MlflowExperiments.Id(experimentId)}/{runId}/artifacts");
        if (!full.Succeeded || !Directory.Exists(full.Value))
        {
            return null;
        }

        // The pipeline logs it at the root or beside its model; the shallowest one wins.
        var candidates = Directory.EnumerateFiles(full.Value, "model_metadata.json", SearchOption.AllDirectories)
            .OrderBy(p => p.Count(c => c == Path.DirectorySeparatorChar)).Take(5);
        foreach (var file in candidates)
        {
            try
            {
                if (new FileInfo(file).Length > 1 << 20)
                {
                    continue;
                }

                await using var stream = File.OpenRead(file);
                using var json = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("fine_tuned_model", out var id) && id.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(id.GetString()))
                {
                    return id.GetString();
                }
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }

    /// <summary>The absolute path of <paramref name="path"/>, refused when any segment could leave the artifact root.</summary>
    public Result<string> Resolve(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 1000)
        {
            return MlflowErrors.Invalid("An artifact path of 1–1000 characters is required.", "path");
        }

        var segments = path.TrimEnd('/').Split('/');
        if (path.StartsWith('/') || path.Contains('\\') || path.Contains('\0')
            || segments.Any(s => s is "" or "." or ".." || s.EndsWith(".tmp", StringComparison.Ordinal) || s.Any(char.IsControl)))
        {
            return MlflowErrors.Invalid($"'{path}' is not a valid artifact path: use relative segments without '.', '..' or backslashes.", "path");
        }

        var full = Path.GetFullPath(Path.Combine(root, Path.Combine(segments)));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : MlflowErrors.Invalid($"'{path}' is outside the artifact store.", "path");
    }
}
