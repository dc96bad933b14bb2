using System.Text.Json.Nodes;
using ModelHub.Cli;

namespace ModelHub.Tests.Support;

/// <summary>Runs the <c>modelhub</c> CLI in-process, as one user, against a real ModelHub address; captures stdout and stderr.</summary>
public sealed class CliRun(Uri url, string? token, string loginFile)
{
    /// <summary>The login file the runs read and <c>login</c> writes (never the user's real one).</summary>
    public string LoginFile { get; } = loginFile;

    /// <summary>When set, replaces MODELHUB_URL/MODELHUB_TOKEN so only the login file is used.</summary>
    public bool UseLoginFileOnly { get; init; }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: "", onLine: null);

    /// <summary>Runs one command line; <paramref name="onLine"/> sees each stdout line as it is written.</summary>
    public async Task<CliResult> RunAsync(string[] args, string stdin, Action<string>? onLine, CancellationToken ct = default)
    {
        var stdout = new LineRecorder(onLine);
        var stderr = new LineRecorder(null);
        var variables = new Dictionary<string, string?> { ["MODELHUB_CONFIG"] = LoginFile };
        if (!UseLoginFileOnly)
        {
            variables["MODELHUB_URL"] = url.AbsoluteUri;
            variables["MODELHUB_TOKEN"] = token;
        }

        var context = new CliContext(new StringReader(stdin), stdout, stderr, IsTerminal: false, name => variables.GetValueOrDefault(name))
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            QuietJobCheck = TimeSpan.FromSeconds(2),
        };
        var code = await ModelHubCli.RunAsync(args, context, ct);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A stdout that hands every finished line to a listener while the command still runs.</summary>
    private sealed class LineRecorder(Action<string>? onLine) : StringWriter
    {
        private readonly object gate = new();
        private int lineStart;

        public override void Write(char value)
        {
            lock (gate)
            {
                base.Write(value);
                if (value == '\n')
                {
                    var builder = GetStringBuilder();
                    var line = builder.ToString(lineStart, builder.Length - lineStart).TrimEnd('\r', '\n');
                    lineStart = builder.Length;
                    onLine?.Invoke(line);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? "")
            {
                Write(c);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            for (var i = index; i < index + count; i++)
            {
                Write(buffer[i]);
            }
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            foreach (var c in buffer)
            {
                Write(c);
            }
        }

        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            Write(buffer);
            Write(CoreNewLine);
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write(CoreNewLine);
        }

        public override string ToString()
        {
            lock (gate)
            {
                return base.ToString();
            }
        }
    }
}

/// <summary>A finished CLI run.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>stdout parsed as the one JSON document <c>--json</c> promises.</summary>
    public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException("stdout is empty");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
