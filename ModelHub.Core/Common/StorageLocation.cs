using ModelHub.Core.Data;

namespace ModelHub.Core.Common;

/// <summary>Where ModelHub keeps its data, as the Settings page shows it (pages read this, never the data layer).</summary>
public sealed class StorageLocation(DataFolder folder)
{
    /// <summary>Absolute path of the data folder.</summary>
    public string Path => folder.Path;

    /// <summary>Absolute path of the SQLite database file.</summary>
    public string DatabasePath => folder.DatabasePath;
}
