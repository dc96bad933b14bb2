using System.Text.Json;

namespace ModelHub.Cli.Config;

/// <summary>The user's login file: readable by its owner only, replaced whole so a crash never leaves half a token.</summary>
public sealed class LoginFile(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    /// <summary>The file's place: <c>MODELHUB_CONFIG</c>, else <c>$XDG_CONFIG_HOME/modelhub/login.json</c>, else the user's config folder.</summary>
    public static LoginFile For(CliContext context)
    {
        if (context.Variable("MODELHUB_CONFIG") is { Length: > 0 } explicitPath)
        {
            return new LoginFile(explicitPath);
        }

        var root = context.Variable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
                : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new LoginFile(System.IO.Path.Combine(root, "modelhub", "login.json"));
    }

    public SavedLogin? Read()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SavedLogin>(File.ReadAllText(Path), Json) is { Url.Length: > 0, Token.Length: > 0 } login ? login : null;
        }
        catch (JsonException)
        {
            throw new CliInputException($"The login file {Path} is not valid JSON; run 'modelhub login' again.");
        }
    }

    public void Write(SavedLogin login)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, $".login-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with owner-only bits, so the token is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, login, Json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
