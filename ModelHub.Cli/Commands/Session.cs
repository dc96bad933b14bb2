using System.Net.Http.Headers;
using ModelHub.Cli.Api;
using ModelHub.Cli.Config;
using ModelHub.Cli.Console;

namespace ModelHub.Cli.Commands;

/// <summary>One command's connection to ModelHub: the typed client, the address and token, and where to write.</summary>
internal sealed class Session : IDisposable
{
    private readonly HttpClient http;

    public Session(Connection connection, Output output, CliContext context)
    {
        http = Client(connection);
        Api = new ModelHubApi(http);
        Connection = connection;
        Output = output;
        Context = context;
    }

    public ModelHubApi Api { get; }

    public Connection Connection { get; }

    public Output Output { get; }

    public CliContext Context { get; }

    public static HttpClient Client(Connection connection)
    {
        // No client-wide timeout: a 1 GB upload takes as long as it takes; ModelHubApi limits the plain calls.
        var http = new HttpClient { BaseAddress = connection.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.Token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("modelhub-cli", typeof(Session).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"));
        return http;
    }

    public void Dispose() => http.Dispose();
}
