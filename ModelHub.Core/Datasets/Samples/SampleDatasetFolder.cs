using System.Text;
using ModelHub.Core.Common;

namespace ModelHub.Core.Datasets.Samples;

/// <summary>Writes the sample datasets into a folder (normally <c>&lt;DataFolder&gt;/samples</c>) when they are missing.</summary>
public sealed class SampleDatasetFolder(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Writes every missing sample atomically and returns the full paths of all of them.</summary>
    public IReadOnlyList<string> EnsureWritten() => WriteAll(overwrite: false);

    /// <summary>Writes every sample atomically, replacing existing files; returns their full paths.</summary>
    public IReadOnlyList<string> WriteAll(bool overwrite = true)
    {
        var paths = new List<string>();
        foreach (var sample in SampleDatasets.All)
        {
            var path = Path.Combine(Folder, sample.FileName);
            if (overwrite || !File.Exists(path))
            {
                AtomicFile.Write(path, Encoding.UTF8.GetBytes(sample.Content));
            }

            paths.Add(path);
        }

        return paths;
    }
}
