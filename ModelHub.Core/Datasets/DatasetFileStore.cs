using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Datasets;

/// <summary>
/// Dataset content on disk, addressed by SHA-256 (<c>&lt;DataFolder&gt;/datasets/ab/abcdef….jsonl</c>). No path from a
/// user is ever used; files arrive as temp files in the same folder tree and are renamed into place only once valid.
/// </summary>
public sealed class DatasetFileStore(DataFolder dataFolder)
{
    private readonly string root = dataFolder.Sub("datasets");

    private string Incoming => Path.Combine(root, "incoming");

    /// <summary>A new temp file path on the same volume as the store, so the final rename is atomic.</summary>
    public string NewTempPath() => Path.Combine(Directory.CreateDirectory(Incoming).FullName, $"{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Deletes what interrupted uploads (a crash, a kill) left in the incoming folder; run at start-up. A file another
    /// process is still writing is skipped: an upload holds its temp file exclusively, so it cannot be opened that way.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public int SweepIncoming()
    {
        if (!Directory.Exists(Incoming))
        {
            return 0;
        }

        var swept = 0;
        foreach (var path in Directory.EnumerateFiles(Incoming))
        {
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }

                swept++;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return swept;
    }

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
        // The database row that points at this file commits next; the rename must not be the part a power cut undoes.
        DirectorySync.Flush(Path.GetDirectoryName(target)!);
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
