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
        await using var driver = new CrashDriver(new CrashRunOptions(BuiltWebApp.DllPath(), Kills: 3, Seed: 14, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), log));

        var report = await driver.RunAsync();

        Assert.True(report.Passed, $"{report}\n{log}");
        Assert.True(report.Acknowledged > 0, log.ToString());
    }
}
