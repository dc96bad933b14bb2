namespace ModelHub.Tests.Deploy;

/// <summary>A compose <c>env_file</c>: <c>KEY=VALUE</c> lines, with blank lines and <c>#</c> comments ignored.</summary>
internal static class EnvFile
{
    public static IReadOnlyList<KeyValuePair<string, string>> Load(string path) =>
        File.ReadLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.IndexOf('=') is > 0 and var equals
                ? KeyValuePair.Create(line[..equals], line[(equals + 1)..])
                : throw new FormatException($"{path}: '{line}' is not KEY=VALUE."))
            .ToList();
}
