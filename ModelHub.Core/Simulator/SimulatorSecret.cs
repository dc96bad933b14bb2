using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ModelHub.Core.Simulator;

/// <summary>
/// The key only ModelHub holds for calling its own simulator: generated once into the data folder with a CSPRNG,
/// readable by the app's user alone, compared in constant time. Never logged, never shown.
/// </summary>
public sealed class SimulatorSecret
{
    /// <summary>Marks the key as a provider key for the simulator, unlike ModelHub's own <c>mh_</c> access tokens.</summary>
    public const string Marker = "sk-sim-";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly byte[] keyBytes;

    public SimulatorSecret(string path, ILogger<SimulatorSecret> logger)
    {
        Path = System.IO.Path.GetFullPath(path);
        Key = LoadOrCreate(Path, logger);
        keyBytes = Encoding.UTF8.GetBytes(Key);
    }

    /// <summary>Where the key is kept (the path is not secret; the content is).</summary>
    public string Path { get; }

    /// <summary>The key itself, for ModelHub's own provider client only.</summary>
    public string Key { get; }

    /// <summary>Whether <paramref name="presented"/> is the key; the comparison takes the same time wherever they differ.</summary>
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), keyBytes);

    /// <summary>Keeps the key out of any accidental string formatting.</summary>
    public override string ToString() => $"simulator key at {Path}";

    private static string LoadOrCreate(string path, ILogger logger)
    {
        if (Read(path) is { } existing)
        {
            RestrictToOwner(path);
            return existing;
        }

        var key = Generate();
        var folder = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);

        // A start killed between writing and renaming leaves its temp file behind; it never held a key in use.
        foreach (var stale in Directory.EnumerateFiles(folder, System.IO.Path.GetFileName(path) + ".*.tmp"))
        {
            File.Delete(stale);
        }

        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(key));
            stream.Flush(flushToDisk: true);
        }

        // A file that is there but unusable (empty, cut short by a hand edit) is replaced; otherwise no overwrite: if
        // another process created the key meanwhile, both must end up using that one.
        var replace = File.Exists(path);
        try
        {
            File.Move(temp, path, overwrite: replace);
            logger.LogInformation("Generated the simulator key at {Path}", path);
            return key;
        }
        catch (IOException) when (Read(path) is { } raced)
        {
            return raced;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string? Read(string path) =>
        File.Exists(path) && File.ReadAllText(path, Encoding.UTF8).Trim() is { Length: >= 32 } key ? key : null;

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    private static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Marker + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
