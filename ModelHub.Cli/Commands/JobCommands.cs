using System.CommandLine;
using System.Globalization;
using ModelHub.Cli.Api;
using ModelHub.Cli.Console;
using ModelHub.Cli.Following;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub jobs launch|watch</c>: fine-tune jobs, followed live over the hub.</summary>
internal static class JobCommands
{
    public static Command Create(CommandRunner runner) => new("jobs", "Fine-tune jobs.") { Launch(runner), Watch(runner) };

    private static Command Launch(CommandRunner runner)
    {
        var model = new Option<string>("--model") { Description = "The registered model the version goes to (created when new).", Required = true };
        var baseModel = new Option<string>("--base-model") { Description = "The provider's base model, e.g. gpt-4o-mini-2024-07-18.", Required = true };
        var training = new Option<int>("--training") { Description = "The training dataset's id.", Required = true };
        var validation = new Option<int?>("--validation") { Description = "The validation dataset's id." };
        var epochs = new Option<string>("--epochs") { Description = "Number of epochs or auto.", DefaultValueFactory = _ => "auto" };
        var batchSize = new Option<string>("--batch-size") { Description = "Batch size or auto.", DefaultValueFactory = _ => "auto" };
        var learningRate = new Option<string>("--learning-rate-multiplier") { Description = "Learning rate multiplier or auto.", DefaultValueFactory = _ => "auto" };
        var suffix = new Option<string?>("--suffix") { Description = "Suffix of the fine-tuned model's name." };
        var seed = new Option<int?>("--seed") { Description = "Seed for a reproducible run." };
        var notes = new Option<string?>("--notes") { Description = "Free notes kept with the job." };
        var follow = new Option<bool>("--follow") { Description = "Follow the job live until it ends: exit 0 on succeeded, 1 on failed or cancelled." };
        var command = new Command("launch", "Launch a fine-tune job.") { model, baseModel, training, validation, epochs, batchSize, learningRate, suffix, seed, notes, follow };

        runner.Connected(command, async (parse, session, ct) =>
        {
            var request = new LaunchJob(parse.GetValue(model)!, parse.GetValue(baseModel)!, parse.GetValue(training), parse.GetValue(validation),
                new Hyperparameters(Auto(parse.GetValue(epochs)), Auto(parse.GetValue(batchSize)), Auto(parse.GetValue(learningRate))),
                parse.GetValue(suffix), parse.GetValue(seed), parse.GetValue(notes));
            var job = await session.Api.LaunchJobAsync(request, ct);
            if (!parse.GetValue(follow))
            {
                session.Output.Result(job, $"Job {job.Id} launched ({job.Status}); follow it with: modelhub jobs watch {job.Id}");
                return ExitCodes.Ok;
            }

            session.Output.ProgressLine($"Job {job.Id} launched; following it live.");
            return await FollowAsync(session, job.Id, ct);
        });
        return command;
    }

    private static Command Watch(CommandRunner runner)
    {
        var id = new Argument<int>("ID") { Description = "The job's ModelHub id." };
        var command = new Command("watch", "Follow a job live until it ends: exit 0 on succeeded, 1 on failed or cancelled.") { id };
        runner.Connected(command, (parse, session, ct) => FollowAsync(session, parse.GetValue(id), ct));
        return command;
    }

    private static async Task<int> FollowAsync(Session session, int jobId, CancellationToken ct)
    {
        var follower = new JobFollower(session);
        var job = await JobProgressView.FollowAsync(session.Output, jobId, changed => follower.FollowAsync(jobId, changed, ct));
        return JobProgressView.Finish(session.Output, job);
    }

    // The API takes a number or "auto"; a number typed on the command line travels as a number.
    private static object Auto(string? value) =>
        value is null || value.Equals("auto", StringComparison.OrdinalIgnoreCase) ? "auto"
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
        : throw new CliInputException($"'{value}' is neither a number nor auto.");
}
