using Microsoft.Extensions.DependencyInjection;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Durability.Integration;

/// <summary>Temp files that an interrupted upload left in <c>datasets/incoming/</c> are deleted when the app starts.</summary>
public sealed class IncomingSweepTests : IDisposable
{
    private readonly TempFolder folder = new("incoming-sweep");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Start_up_deletes_leftover_temp_uploads_and_nothing_outside_the_incoming_folder()
    {
        var leftover = Write("datasets", "incoming", "0123456789abcdef0123456789abcdef.tmp");
        var stored = Write("datasets", "ab", "ab" + new string('c', 62) + ".jsonl");
        var settings = Write("settings", "keep.txt");
        var elsewhere = Write("other", "notes.tmp");

        await using var app = new ModelHubFactory(dataFolder: folder.Path);
        _ = app.Services;

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(stored));
        Assert.True(File.Exists(settings));
        Assert.True(File.Exists(elsewhere));
    }

    [Fact]
    public async Task A_temp_upload_another_process_is_still_writing_is_left_alone()
    {
        var writing = Write("datasets", "incoming", "fedcba9876543210fedcba9876543210.tmp");

        // An upload holds its temp file exclusively while it streams into it (UploadPass opens it with FileShare.None).
        await using (new FileStream(writing, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            await using var app = new ModelHubFactory(dataFolder: folder.Path);
            _ = app.Services;
            Assert.True(File.Exists(writing));
        }
    }

    private string Write(params string[] parts)
    {
        var path = Path.Combine([folder.Path, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
        return path;
    }
}
