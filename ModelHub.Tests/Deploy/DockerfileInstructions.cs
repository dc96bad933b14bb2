using System.Text.Json;

namespace ModelHub.Tests.Deploy;

/// <summary>One Dockerfile instruction (continuation lines joined) and the build stage it belongs to.</summary>
internal sealed record DockerfileInstruction(int Stage, string Keyword, string Arguments);

/// <summary>The instructions of a Dockerfile, enough to check what the image runs and to run its commands here.</summary>
internal sealed class DockerfileInstructions(IReadOnlyList<DockerfileInstruction> instructions)
{
    public IReadOnlyList<DockerfileInstruction> All => instructions;

    private int FinalStage => instructions.Max(instruction => instruction.Stage);

    public static DockerfileInstructions Load(string path)
    {
        var result = new List<DockerfileInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = pending + line;
            pending = "";
            var space = text.IndexOf(' ');
            var keyword = text[..space].ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            result.Add(new DockerfileInstruction(stage, keyword, text[(space + 1)..].Trim()));
        }

        return new DockerfileInstructions(result);
    }

    /// <summary>The instructions of the stage the image is made of (the last one).</summary>
    public IEnumerable<DockerfileInstruction> Final(string keyword) =>
        instructions.Where(instruction => instruction.Stage == FinalStage && instruction.Keyword == keyword);

    /// <summary>A variable the final image sets with <c>ENV name=value</c>.</summary>
    public string? FinalEnv(string name) =>
        Final("ENV").Select(instruction => instruction.Arguments)
            .Where(arguments => arguments.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(arguments => arguments[(name.Length + 1)..])
            .LastOrDefault();

    /// <summary>The exec-form command of the final stage's <c>HEALTHCHECK ... CMD [...]</c>.</summary>
    public IReadOnlyList<string> HealthcheckCommand()
    {
        var arguments = Assert.Single(Final("HEALTHCHECK")).Arguments;
        var json = arguments[(arguments.IndexOf(" CMD ", StringComparison.Ordinal) + " CMD ".Length)..];
        return JsonSerializer.Deserialize<string[]>(json) ?? throw new FormatException($"HEALTHCHECK is not in exec form: {arguments}");
    }

    /// <summary>The shell command of the <c>RUN</c> that contains <paramref name="marker"/>, without its <c>--mount</c> options.</summary>
    public string RunCommand(string marker)
    {
        var arguments = Assert.Single(instructions, instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains(marker, StringComparison.Ordinal)).Arguments;
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(word => word.StartsWith("--mount=", StringComparison.Ordinal));
        return string.Join(' ', words);
    }
}
