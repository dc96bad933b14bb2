namespace ModelHub.Core.Common;

/// <summary>Writes files so that readers see either the old content or the new, never half of one.</summary>
public static class AtomicFile
{
    /// <summary>Writes next to <paramref name="path"/> and renames over it, creating the folder if needed.</summary>
    public static void Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
