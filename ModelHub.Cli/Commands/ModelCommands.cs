using System.CommandLine;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub models list|show|resolve|stage</c>: the registry.</summary>
internal static class ModelCommands
{
    public static Command Create(CommandRunner runner) =>
        new("models", "Registered models, their versions and aliases.") { List(runner), Show(runner), Resolve(runner), Stage(runner) };

    private static Command List(CommandRunner runner)
    {
        var search = new Option<string?>("--search") { Description = "Only models whose name contains this." };
        var command = new Command("list", "List registered models, most recently updated first.") { search };
        runner.Connected(command, async (parse, session, ct) =>
        {
            var page = await session.Api.ListModelsAsync(parse.GetValue(search), take: 200, ct);
            if (session.Output.Json)
            {
                session.Output.WriteJson(page);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Model", "Production", "Staging", "Latest", "Versions", "Updated");
            foreach (var row in page.Items)
            {
                table.AddRow(Markup.Escape(row.Name), V(row.ProductionVersion), V(row.StagingVersion), V(row.LatestVersion), row.VersionCount.ToString(), row.UpdatedAt.ToString("u"));
            }

            session.Output.Console.Write(table);
            session.Output.Line($"{page.Total} model(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The model's name." };
        var command = new Command("show", "Show a model's versions, stages and aliases.") { name };
        runner.Connected(command, async (parse, session, ct) =>
        {
            var model = await session.Api.GetModelAsync(parse.GetValue(name)!, ct);
            if (session.Output.Json)
            {
                session.Output.WriteJson(model);
                return ExitCodes.Ok;
            }

            session.Output.Line($"{model.Name} (owner {model.Owner}){(model.Description is { Length: > 0 } d ? ": " + d : "")}");
            var table = new Table().AddColumns("Version", "Stage", "Provider model", "Base model", "Aliases", "Created");
            foreach (var version in model.Versions)
            {
                table.AddRow(version.Number.ToString(), version.Stage, Markup.Escape(version.ProviderModelId), Markup.Escape(version.BaseModel),
                    Markup.Escape(string.Join(", ", version.Aliases)), version.CreatedAt.ToString("u"));
            }

            session.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Resolve(CommandRunner runner)
    {
        var reference = new Argument<string>("NAME[@ALIAS]") { Description = "A model and an alias (production by default): sentiment, sentiment@staging, sentiment@latest." };
        var command = new Command("resolve", "Print the provider model id an alias points at.") { reference };
        runner.Connected(command, async (parse, session, ct) =>
        {
            var text = parse.GetValue(reference)!;
            var at = text.IndexOf('@');
            var (model, alias) = at < 0 ? (text, "production") : (text[..at], text[(at + 1)..]);
            if (model.Length == 0 || alias.Length == 0)
            {
                throw new CliInputException($"'{text}' is not NAME or NAME@ALIAS.");
            }

            var resolved = await session.Api.ResolveAsync(model, alias, ct);
            session.Output.Result(resolved, $"{resolved.Model}@{resolved.Alias} = version {resolved.Version} ({resolved.Stage}): {resolved.ProviderModelId}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stage(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The model's name." };
        var version = new Argument<int>("VERSION") { Description = "The version number." };
        var to = new Option<string>("--to") { Description = "Staging, None or Archived (Production only through an approved promotion request).", Required = true };
        to.AcceptOnlyFromAmong("Staging", "None", "Archived");
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log." };
        var command = new Command("stage", "Move a version to Staging, None or Archived. Exit 3 when the move is not allowed.") { name, version, to, reason };
        runner.Connected(command, async (parse, session, ct) =>
        {
            var changed = await session.Api.ChangeStageAsync(parse.GetValue(name)!, parse.GetValue(version), parse.GetValue(to)!, parse.GetValue(reason), ct);
            session.Output.Result(changed, $"{changed.Model} version {changed.Version} is now {changed.Stage}"
                + (changed.DemotedVersion is { } demoted ? $"; version {demoted} went back to None." : "."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string V(int? version) => version?.ToString() ?? "-";
}
