using System.Diagnostics;
using System.Globalization;
using ModelHub.Bench;
using ModelHub.Core.Datasets.Validation;

// Usage:
//   ModelHub.Bench generate <path> <sizeMB> [seed]
//   ModelHub.Bench validate <path> [--no-tokens] [--model gpt-4o-mini] [--label name]
var culture = CultureInfo.InvariantCulture;
switch (args.FirstOrDefault())
{
    case "generate" when args.Length >= 3:
    {
        var size = long.Parse(args[2], culture) * 1024 * 1024;
        var seed = args.Length > 3 ? ulong.Parse(args[3], culture) : 42UL;
        var watch = Stopwatch.StartNew();
        var written = ChatDatasetGenerator.Write(args[1], size, seed);
        Console.WriteLine(string.Create(culture, $"generated {args[1]}: {written / 1048576.0:F1} MB in {watch.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    case "validate" when args.Length >= 2:
    {
        var countTokens = !args.Contains("--no-tokens");
        var modelAt = Array.IndexOf(args, "--model");
        var labelAt = Array.IndexOf(args, "--label");
        var label = labelAt > 0 ? args[labelAt + 1] : countTokens ? "tokens" : "checks";
        var options = new DatasetValidationOptions
        {
            CountTokens = countTokens,
            BaseModel = modelAt > 0 ? args[modelAt + 1] : "gpt-4o-mini",
        };

        // A server validates many uploads: time the steady state, not the JIT's first minute.
        await Warmup(args[1], options);

        var watch = Stopwatch.StartNew();
        await using var file = new FileStream(args[1], FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var report = await DatasetValidator.ValidateAsync(file, options);
        var seconds = watch.Elapsed.TotalSeconds;
        var mb = report.Statistics.Bytes / 1048576.0;
        var s = report.Statistics;
        Console.WriteLine(string.Create(culture,
            $"modelhub {label}: {mb:F1} MB in {seconds:F2} s = {mb / seconds:F1} MB/s; " +
            $"peak RSS {PeakRssMb():F0} MB; examples {s.ExampleCount}; errors {report.ErrorCount}; warnings {report.WarningCount}; " +
            $"tokens {s.TotalTokens}; sha256 {report.Sha256[..12]}"));
        Console.WriteLine(string.Create(culture, $"RESULT modelhub-{label} {mb / seconds:F2} {PeakRssMb():F0}"));
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: generate <path> <sizeMB> [seed] | validate <path> [--no-tokens] [--model name]");
        return 2;
}

static async Task Warmup(string path, DatasetValidationOptions options)
{
    // Streamed, not loaded: the warm-up must not raise the peak memory it helps measure.
    for (var i = 0; i < 3; i++)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        await DatasetValidator.ValidateAsync(new HeadStream(file, 8L << 20), options with { MinExamples = 0 });
    }
}

// VmHWM is the kernel's high-water mark of resident memory: the peak RSS of this process.
static double PeakRssMb()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null
        ? Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0
        : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}
