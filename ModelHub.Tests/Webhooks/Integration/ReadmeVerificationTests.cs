using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ModelHub.Core.Webhooks;

namespace ModelHub.Tests.Webhooks.Integration;

/// <summary>The README's Python verification snippet, run as published against what the dispatcher signs, so it cannot rot.</summary>
public sealed partial class ReadmeVerificationTests
{
    private const string Secret = "readme-secret-0123456789";

    [Fact]
    public async Task The_readme_python_snippet_accepts_a_real_signature_and_refuses_a_changed_body()
    {
        var e = new WebhookEvent { Id = Guid.CreateVersion7(), Type = "rollback", OccurredAt = DateTimeOffset.UtcNow, Data = """{"model":"support-bot","version":3}""" };
        var body = WebhookBody.For(e, WebhookFormat.Event);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(Secret, timestamp, body);

        Assert.Equal("True", await RunSnippetAsync(timestamp, body, signature));
        Assert.Equal("False", await RunSnippetAsync(timestamp, [.. body, (byte)' '], signature));
        Assert.Equal("False", await RunSnippetAsync(timestamp - 3600, body, WebhookSignature.Sign(Secret, timestamp - 3600, body)));
    }

    private static async Task<string> RunSnippetAsync(long timestamp, byte[] body, string signature)
    {
        var snippet = PythonBlock().Match(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "README.md"))).Groups["code"].Value;
        Assert.Contains("def verify", snippet);
        var script = snippet + "\nimport sys\nprint(verify(sys.argv[1], sys.argv[2], sys.stdin.buffer.read(), sys.argv[3]))\n";
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", script, Secret, timestamp.ToString(CultureInfo.InvariantCulture), signature })
        {
            start.ArgumentList.Add(arg);
        }

        using var python = Process.Start(start)!;
        await python.StandardInput.BaseStream.WriteAsync(body);
        python.StandardInput.Close();
        var output = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, error);
        return output.Trim();
    }

    private static string RepoRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ModelHub.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    [GeneratedRegex("### Webhooks.*?```python\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
