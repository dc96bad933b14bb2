using System.Text.RegularExpressions;

namespace ModelHub.Core.Common;

/// <summary>Writes files so that readers see either the old content or the new, never half of one, even after a power cut.</summary>
public static partial class AtomicFile
{
    /// <summary>Writes next to <paramref name="path"/>, flushes to disk and renames over it, creating the folder if needed.</summary>
    public static void Write(string path, byte[] content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            // Without it a crash after the rename can leave the new name pointing at content that never reached the disk.
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(folder);
    }

    /// <summary>
    /// Deletes the temp files that a crash between write and rename left below <paramref name="folder"/>. Only files
    /// named as <see cref="Write"/> names them and older than <paramref name="olderThan"/> go: another instance sharing
    /// the folder may be writing one right now.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public static int SweepLeftovers(string folder, TimeSpan olderThan, DateTimeOffset now)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var swept = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories))
        {
            if (!LeftoverName().IsMatch(Path.GetFileName(file)) || now - File.GetLastWriteTimeUtc(file) < olderThan)
            {
                continue;
            }

            try
            {
                File.Delete(file);
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

    [GeneratedRegex("^.+\\.[0-9a-f]{32}\\.tmp$")]
    private static partial Regex LeftoverName();
}
