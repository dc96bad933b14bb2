using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ModelHub.Web.Observability;

namespace ModelHub.Tests.Observability.Unit;

public sealed class ConsoleLogFormatTests
{
    [Fact]
    public void With_the_json_setting_each_console_entry_is_one_JSON_object_on_its_own_line()
    {
        var written = Write(json: "true", new InvalidOperationException("broken\nacross lines"));

        var lines = written.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entry = Assert.Single(lines);
        using var parsed = JsonDocument.Parse(entry);
        Assert.Equal("Job 7 failed.", parsed.RootElement.GetProperty("Message").GetString());
        Assert.Equal("Warning", parsed.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal(7, parsed.RootElement.GetProperty("State").GetProperty("JobId").GetInt32());
        Assert.Contains("broken", parsed.RootElement.GetProperty("Exception").GetString());
    }

    [Fact]
    public void Without_the_setting_the_console_stays_plain_text()
    {
        var written = Write(json: null, exception: null);

        Assert.StartsWith("warn: ", written);
        Assert.Contains("Job 7 failed.", written);
    }

    private static string Write(string? json, Exception? exception)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ConsoleLogFormat.JsonSetting] = json }).Build();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddConsole().AddModelHubConsoleFormat(configuration))
            .BuildServiceProvider();
        var chosen = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == chosen);

        var state = new Dictionary<string, object?> { ["JobId"] = 7, ["{OriginalFormat}"] = "Job {JobId} failed." }.ToList();
        using var output = new StringWriter();
        formatter.Write(new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Warning, "ModelHub.Test", new EventId(1), state, exception, (_, _) => "Job 7 failed."),
            new LoggerExternalScopeProvider(), output);
        return output.ToString();
    }
}
