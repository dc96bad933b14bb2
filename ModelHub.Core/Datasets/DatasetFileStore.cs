using ModelHub.Core.Data;

namespace ModelHub.Core.Datasets;

/// <summary>
/// Dataset content on disk, addressed by SHA-256 (<c>&lt;DataFolder&gt;/datasets/ab/abcdef….jsonl</c>). No path from a
/// user is ever used; files arrive as temp files in the same folder tree and are renamed into place only once valid.
/// </summary>
public sealed class DatasetFileStore(DataFolder dataFolder)
{
    private readonly string root = dataFolder.Sub("datasets");

    /// <summary>A new temp file path on the same volume as the store, so the final rename is atomic.</summary>
    public string NewTempPath() => Path.Combine(Directory.CreateDirectory(Path.Combine(root, "incoming")).FullName, $"{Guid.NewGuid():N}.tmp");

    public string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        }

        return Path.Combine(root, sha256[..2], sha256 + ".jsonl");
    }

    public bool Exists(string sha256) => File.Exists(PathFor(sha256));

    /// <summary>Moves a validated temp file into place; when the content is already stored the temp file is dropped.</summary>
    public void Commit(string tempPath, string sha256)
    {
        var target = PathFor(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(tempPath);
            return;
        }

        File.Move(tempPath, target, overwrite: false);
    }

    public Stream OpenRead(string sha256) =>
        new FileStream(PathFor(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Deletes a temp file that will not be committed (invalid, too large, cancelled); never throws.</summary>
    public static void Discard(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
