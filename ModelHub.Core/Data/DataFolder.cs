using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelHub.Core.Common;

namespace ModelHub.Core.Data;

/// <summary>The resolved, existing folder that holds the database, dataset files and simulator state.</summary>
public sealed class DataFolder
{
    public DataFolder(IOptions<ModelHubOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.DataFolder;
        Path = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(configured)
            ? configured
            : System.IO.Path.Combine(environment.ContentRootPath, configured));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the data folder.</summary>
    public string Path { get; }

    /// <summary>An absolute path below the data folder; the sub-folder is created.</summary>
    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The SQLite database's file name in the data folder.</summary>
    public const string DatabaseFileName = "modelhub.db";

    public string DatabasePath => System.IO.Path.Combine(Path, DatabaseFileName);
}
