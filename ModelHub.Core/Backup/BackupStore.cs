using System.Text.RegularExpressions;
using ModelHub.Core.Data;

namespace ModelHub.Core.Backup;

/// <summary>
/// Where finished backup archives wait to be downloaded: <c>&lt;DataFolder&gt;/backups/&lt;id&gt;.zip</c>. Ids are made here
/// and checked against their exact shape before they become a path, so no caller's text ever reaches the file system.
/// </summary>
public sealed partial class BackupStore(DataFolder dataFolder)
{
    /// <summary>The folder's name under the data folder; backups never include it.</summary>
    public const string FolderName = "backups";

    private string Root => dataFolder.Sub(FolderName);

    /// <summary>A new id from the time and 32 random bits: sortable, unguessable enough to never collide.</summary>
    public static string NewId(DateTimeOffset at) =>
        $"modelhub-backup-{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    /// <summary>True when <paramref name="id"/> has exactly the shape <see cref="NewId"/> makes.</summary>
    public static bool IsId(string? id) => id is not null && IdShape().IsMatch(id);

    /// <summary>The finished archive's path, or null when the id is malformed or no such archive exists.</summary>
    public string? Find(string? id) => IsId(id) && File.Exists(PathFor(id!)) ? PathFor(id!) : null;

    internal string PathFor(string id) => Path.Combine(Root, id + ".zip");

    [GeneratedRegex(@"\Amodelhub-backup-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}
