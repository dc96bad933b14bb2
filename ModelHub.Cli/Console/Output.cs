using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.Cli.Api;
using Spectre.Console;

namespace ModelHub.Cli.Console;

/// <summary>
/// Where a command writes. With <c>--json</c>, stdout carries exactly one JSON document and everything else
/// (progress, notes, errors) goes to stderr; without it, people read tables and lines on stdout.
/// </summary>
internal sealed class Output(CliContext context, bool json)
{
    private static readonly JsonSerializerOptions Indented = new(ModelHubApi.Json) { WriteIndented = true };

    private IAnsiConsole? console;

    public bool Json { get; } = json;

    /// <summary>Live widgets (progress bars) only for a person at a terminal; pipes and logs get plain lines.</summary>
    public bool Interactive => context.IsTerminal && !Json;

    /// <summary>Plain progress lines: stdout for people, stderr when stdout is reserved for JSON.</summary>
    public TextWriter Progress => Json ? context.Error : context.Out;

    /// <summary>Never echoed: replaced wherever a message might carry it.</summary>
    public string? Secret { get; set; }

    /// <summary>Spectre's console over stdout, with colours and cursor moves only at a terminal.</summary>
    public IAnsiConsole Console => console ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(context.Out),
        Ansi = context.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = context.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = context.IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
    });

    public void WriteJson(object value) => context.Out.WriteLine(Redact(JsonSerializer.Serialize(value, value.GetType(), Indented)));

    /// <summary>A JSON object of <paramref name="value"/> with extra fields the CLI adds (links, outcome).</summary>
    public void WriteJson(object value, IReadOnlyDictionary<string, object?> extra)
    {
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), ModelHubApi.Json)!.AsObject();
        foreach (var (key, item) in extra)
        {
            node[key] = item is null ? null : JsonSerializer.SerializeToNode(item, item.GetType(), ModelHubApi.Json);
        }

        context.Out.WriteLine(Redact(node.ToJsonString(Indented)));
    }

    /// <summary>A command's answer: <paramref name="value"/> with <c>--json</c>, <paramref name="line"/> for people otherwise.</summary>
    public void Result(object value, string line)
    {
        if (Json)
        {
            WriteJson(value);
        }
        else
        {
            Line(line);
        }
    }

    /// <summary>A line for people on stdout; nothing with <c>--json</c>.</summary>
    public void Line(string text)
    {
        if (!Json)
        {
            context.Out.WriteLine(Redact(text));
        }
    }

    public void ProgressLine(string text) => Progress.WriteLine(Redact(text));

    /// <summary>A note on stderr, in both modes.</summary>
    public void Note(string text) => context.Error.WriteLine(Redact(text));

    /// <summary>An error from ModelHub: a line on stderr, and the problem itself on stdout with <c>--json</c>.</summary>
    public void Problem(ApiException error)
    {
        var problem = error.Problem;
        var code = problem.Type ?? "error";
        var field = problem.Field is null ? "" : $" (field: {problem.Field})";
        Note($"error: {problem.Detail ?? problem.Title ?? error.Message}{field} [{code}, HTTP {error.Status}]");
        if (Json)
        {
            WriteJson(problem with { Status = error.Status });
        }
    }

    /// <summary>An error found before or without an answer from ModelHub.</summary>
    public void Failure(string code, string message)
    {
        Note($"error: {message}");
        if (Json)
        {
            WriteJson(new JsonObject { ["type"] = code, ["detail"] = Redact(message) });
        }
    }

    private string Redact(string text) => Secret is { Length: > 0 } secret ? text.Replace(secret, "***", StringComparison.Ordinal) : text;
}
