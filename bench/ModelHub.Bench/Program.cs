using System.Diagnostics;
using System.Globalization;
using ModelHub.Bench;
using ModelHub.Core.Datasets.Validation;

// Usage:
//   ModelHub.Bench generate <path> <sizeMB> [seed]
//   ModelHub.Bench validate <path> [--no-tokens] [--upload] [--model gpt-4o-mini] [--label name]
//     without --upload: the validator alone (checks, statistics, tokens; no hash, no file written): what the peers do
//     with --upload:    the product's upload pass (UploadPass): the same plus SHA-256 and the temp file, as an upload runs
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
        var upload = args.Contains("--upload");
        var modelAt = Array.IndexOf(args, "--model");
        var labelAt = Array.IndexOf(args, "--label");
        var label = labelAt > 0 ? args[labelAt + 1] : (upload ? "upload-" : "") + (countTokens ? "tokens" : "checks");
        var options = new DatasetValidationOptions
        {
            CountTokens = countTokens,
            BaseModel = modelAt > 0 ? args[modelAt + 1] : "gpt-4o-mini",
            HashContent = upload,
        };
        var pass = new Pass(args[1], options, upload);

        // A server validates many uploads: time the steady state, not the JIT's first second.
        var warmupAt = Array.IndexOf(args, "--warmup");
        await pass.WarmupAsync(warmupAt > 0 ? double.Parse(args[warmupAt + 1], culture) : 1);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var report = await pass.RunAsync(long.MaxValue);
        var seconds = watch.Elapsed.TotalSeconds;
        var cores = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / seconds;
        var mb = report.Statistics.Bytes / 1048576.0;
        var s = report.Statistics;
        var sha = upload ? report.Sha256[..12] : "-";
        Console.WriteLine(string.Create(culture,
            $"modelhub {label}: {mb:F1} MB in {seconds:F2} s = {mb / seconds:F1} MB/s; peak RSS {PeakRssMb():F0} MB; " +
            $"cpu {cores:F2} cores; examples {s.ExampleCount}; errors {report.ErrorCount}; warnings {report.WarningCount}; " +
            $"tokens {s.TotalTokens}; sha256 {sha}"));
        Console.WriteLine(string.Create(culture, $"RESULT modelhub-{label} {mb / seconds:F2} {PeakRssMb():F0}"));
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: generate <path> <sizeMB> [seed] | validate <path> [--no-tokens] [--upload] [--model name] [--label name]");
        return 2;
}

// VmHWM is the kernel's high-water mark of resident memory: the peak RSS of this process.
static double PeakRssMb()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null
        ? Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0
        : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}
