using System.Globalization;
using ModelHub.BenchSupport;

// Crash test: starts ModelHub.Web.dll as a child process, drives uploads, jobs, gate runs and promotions over HTTP, kills
// it with SIGKILL at random moments, restarts it and checks after every restart that nothing acknowledged was lost.
// Usage: dotnet bench/ModelHub.CrashTest/bin/Release/net10.0/ModelHub.CrashTest.dll <ModelHub.Web.dll> [kills] [seed] [minWorkSeconds] [maxWorkSeconds]
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("Usage: ModelHub.CrashTest <path to ModelHub.Web.dll> [kills=30] [seed=random] [minWorkSeconds=2] [maxWorkSeconds=10]");
    return 2;
}

var kills = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Random.Shared.Next();
var minWork = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 2);
var maxWork = TimeSpan.FromSeconds(args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 10);
Console.WriteLine($"crash test: {kills} kills, seed {seed}, {minWork.TotalSeconds:F0}-{maxWork.TotalSeconds:F0} s of work before each kill");

var started = DateTime.UtcNow;
await using var driver = new CrashDriver(new CrashRunOptions(Path.GetFullPath(args[0]), kills, seed, minWork, maxWork, Console.Out));
var report = await driver.RunAsync();
Console.WriteLine($"== {report} ({(DateTime.UtcNow - started).TotalMinutes:F1} min)");
foreach (var violation in report.Violations)
{
    Console.WriteLine("violation: " + violation);
}

return report.Passed ? 0 : 1;
