using ModelHub.Core.Common;

namespace ModelHub.Tests.Common.Unit;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("modelhub-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Write_replaces_the_content_and_leaves_no_temp_file()
    {
        var path = Path.Combine(folder, "nested", "settings.json");

        AtomicFile.Write(path, "first"u8.ToArray());
        AtomicFile.Write(path, "second"u8.ToArray());

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["settings.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Sweep_deletes_old_leftovers_of_interrupted_writes_and_nothing_else()
    {
        var now = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
        var oldLeftover = Touch(Path.Combine("simulator", "state.json.0123456789abcdef0123456789abcdef.tmp"), now.AddMinutes(-11));
        var freshLeftover = Touch("pricing.json.fedcba9876543210fedcba9876543210.tmp", now.AddMinutes(-1));
        var upload = Touch(Path.Combine("datasets", "incoming", "0123456789abcdef0123456789abcdef.tmp"), now.AddHours(-1));
        var unrelated = Touch("notes.tmp", now.AddHours(-1));
        var data = Touch("pricing.json", now.AddHours(-1));

        var swept = AtomicFile.SweepLeftovers(folder, TimeSpan.FromMinutes(10), now);

        Assert.Equal(1, swept);
        Assert.False(File.Exists(oldLeftover));
        Assert.All([freshLeftover, upload, unrelated, data], path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public void Sweep_of_a_missing_folder_deletes_nothing() =>
        Assert.Equal(0, AtomicFile.SweepLeftovers(Path.Combine(folder, "missing"), TimeSpan.Zero, DateTimeOffset.UtcNow));

    private string Touch(string relative, DateTimeOffset lastWrite)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, lastWrite.UtcDateTime);
        return path;
    }
}
