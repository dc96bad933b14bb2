using System.CommandLine;
using ModelHub.Cli.Console;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub datasets upload</c>: streams a JSONL file to ModelHub and prints its validation report.</summary>
internal static class DatasetCommands
{
    public static Command Create(CommandRunner runner)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The JSONL file of chat examples." };
        var name = new Option<string>("--name") { Description = "The dataset's name (up to 100 characters).", Required = true };
        var purpose = new Option<string>("--purpose") { Description = "training or validation.", Required = true };
        purpose.AcceptOnlyFromAmong("training", "validation");
        var description = new Option<string?>("--description") { Description = "What the data is (optional)." };
        var upload = new Command("upload", "Upload and validate a dataset. Exit 2 when the file has errors (nothing is stored).") { file, name, purpose, description };

        runner.Connected(upload, async (parse, session, ct) =>
        {
            var output = session.Output;
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                throw new CliInputException($"File not found: {source.FullName}");
            }

            var answer = await UploadProgress.RunAsync(output, source.Name, source.Length,
                progress => session.Api.UploadDatasetAsync(source, parse.GetValue(name)!, parse.GetValue(purpose)!, parse.GetValue(description), progress, ct));

            if (answer.Rejected is { } report)
            {
                output.Note($"error: {answer.Problem?.Detail ?? "The file has errors; nothing was stored."}");
                output.Line($"{source.Name} was not stored: {report.Errors.Count} error(s) listed.");
                ValidationReportView.Write(output, report);
                if (output.Json)
                {
                    output.WriteJson(answer.Problem! with { Status = 422 });
                }

                return ExitCodes.InvalidInput;
            }

            var dataset = answer.Dataset!;
            if (output.Json)
            {
                output.WriteJson(dataset, new Dictionary<string, object?> { ["alreadyStored"] = answer.AlreadyStored });
                return ExitCodes.Ok;
            }

            output.Line(answer.AlreadyStored
                ? $"Dataset {dataset.Id} '{dataset.Name}' already holds these bytes (sha256 {dataset.Sha256[..12]}…); nothing new was stored."
                : $"Dataset {dataset.Id} '{dataset.Name}' stored: {dataset.ExampleCount} examples, {dataset.TotalTokens:N0} tokens, {dataset.Purpose}, sha256 {dataset.Sha256[..12]}…");
            if (dataset.Report is { } warnings && warnings.Warnings.Count > 0)
            {
                output.Line($"{dataset.WarningCount} warning(s):");
                ValidationReportView.Write(output, warnings);
            }

            return ExitCodes.Ok;
        });

        return new Command("datasets", "Datasets of chat examples.") { upload };
    }
}
