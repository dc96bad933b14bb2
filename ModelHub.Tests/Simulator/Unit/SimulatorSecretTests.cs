using Microsoft.Extensions.Logging.Abstractions;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;

using ModelHub.Tests.Simulator.Integration;
using ModelHub.Tests.Simulator.Peers;

namespace ModelHub.Tests.Simulator.Unit;

public sealed class SimulatorSecretTests : IDisposable
{
    private readonly TempFolder data = new("secret");

    private string KeyPath => Path.Combine(data.Path, "simulator", "modelhub.key");

    public void Dispose() => data.Dispose();

    [Fact]
    public void The_key_is_random_kept_across_restarts_and_matches_only_itself()
    {
        var first = Open();
        var again = Open();
        using var elsewhere = new TempFolder("secret");
        var other = new SimulatorSecret(Path.Combine(elsewhere.Path, "modelhub.key"), NullLogger<SimulatorSecret>.Instance);

        Assert.Equal(first.Key, again.Key);
        Assert.NotEqual(first.Key, other.Key);
        Assert.True(first.Matches(first.Key));
        Assert.False(first.Matches(other.Key));
        Assert.False(first.Matches(first.Key[..^1]));
        Assert.False(first.Matches(""));
    }

    [Fact]
    public void A_key_file_cut_short_is_replaced_and_leftover_temp_files_are_swept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, "sk-sim-short");
        File.WriteAllText(KeyPath + ".0123456789abcdef.tmp", "half a key");

        var secret = Open();

        Assert.StartsWith(SimulatorSecret.Marker, secret.Key);
        Assert.Equal(secret.Key, File.ReadAllText(KeyPath));
        Assert.Equal([KeyPath], Directory.GetFiles(Path.GetDirectoryName(KeyPath)!));
    }

    [Fact]
    public void An_existing_key_file_readable_by_others_is_narrowed_to_its_owner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var key = Open().Key;
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal(key, Open().Key);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
    }

    private SimulatorSecret Open() => new(KeyPath, NullLogger<SimulatorSecret>.Instance);
}
