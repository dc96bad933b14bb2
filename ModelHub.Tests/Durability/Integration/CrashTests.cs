using ModelHub.BenchSupport;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Durability.Integration;

/// <summary>
/// The short version of <c>bench/crash-test.sh</c>: the built app as a child process (<c>dotnet ModelHub.Web.dll</c>),
/// real HTTP, killed with SIGKILL three times while it uploads, tracks jobs, runs gates and promotes.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Killing_the_app_at_random_moments_loses_nothing_it_acknowledged_and_leaves_nothing_half_done()
    {
        var log = new StringWriter();
        await using var driver = new CrashDriver(new CrashRunOptions(WebAppDll(), Kills: 3, Seed: 14, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), log));

        var report = await driver.RunAsync();

        Assert.True(report.Passed, $"{report}\n{log}");
        Assert.True(report.Acknowledged > 0, log.ToString());
    }

    /// <summary>The web project's own build output (with its appsettings.json), in this test run's configuration.</summary>
    private static string WebAppDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ModelHub.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? "", "ModelHub.Web", "bin", configuration, framework, "ModelHub.Web.dll");
        Assert.True(File.Exists(dll), $"Build ModelHub.Web first: {dll} is missing.");
        return dll;
    }
}
