using Spectre.Console;

namespace ModelHub.Cli.Console;

/// <summary>An upload's progress: a Spectre bar at a terminal, otherwise a plain line every 10 %.</summary>
internal static class UploadProgress
{
    public static async Task<T> RunAsync<T>(Output output, string fileName, long totalBytes, Func<IProgress<long>, Task<T>> upload)
    {
        if (output.Interactive)
        {
            return await output.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Markup.Escape($"Uploading {fileName}"), maxValue: Math.Max(totalBytes, 1));
                    var result = await upload(new Progress<long>(sent => task.Value = sent));
                    task.Value = task.MaxValue;
                    return result;
                });
        }

        var lines = new PlainLines(output, fileName, totalBytes);
        output.ProgressLine($"Uploading {fileName} ({Size(totalBytes)})");
        var answer = await upload(lines);
        lines.Report(totalBytes);
        return answer;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KB",
        _ => $"{bytes} bytes",
    };

    // Reported synchronously on the sending thread, so lines come out in order.
    private sealed class PlainLines(Output output, string fileName, long totalBytes) : IProgress<long>
    {
        private int printedTenths;

        public void Report(long value)
        {
            var tenths = totalBytes == 0 ? 10 : (int)(value * 10 / totalBytes);
            while (printedTenths < tenths)
            {
                printedTenths++;
                output.ProgressLine($"Uploading {fileName}: {printedTenths * 10}% ({Size(Math.Min(value, totalBytes))} of {Size(totalBytes)})");
            }
        }
    }
}
