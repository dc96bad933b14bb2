using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ModelHub.GatewayBench;

/// <summary>
/// The real app as it is deployed (<c>dotnet ModelHub.Web.dll</c>, Production, its default logging, metering on) over a
/// fresh data folder, HolySheep pointed at the stub; an Application user and token made through the API, and one model
/// whose Production version the stub answers for.
/// </summary>
internal sealed class GatewayApp : IDisposable
{
    public const string Model = "bench-model";
    public const string ProviderModelId = "ft:gpt-4o-mini-2024-07-18:bench:bench-model:v1";
    private const string AdminToken = "bench-admin-token-0123456789abcdef0123456789";
    private const string Password = "bench-password-2026!";

    private readonly string dataFolder;

    private GatewayApp(ChildProcess process, string dataFolder)
    {
        Process = process;
        this.dataFolder = dataFolder;
    }

    public ChildProcess Process { get; }

    /// <summary>The Application user's token the load is sent with.</summary>
    public string ApplicationToken { get; private set; } = "";

    private string Database => Path.Combine(dataFolder, "modelhub.db");

    public static async Task<GatewayApp> StartAsync(string webDll, Uri stub, string logPath)
    {
        var dataFolder = Directory.CreateTempSubdirectory("modelhub-gatewaybench-").FullName;
        var port = ChildProcess.FreePort();
        var process = ChildProcess.Start("dotnet", $"\"{webDll}\"", logPath, port, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ModelHub__DataFolder"] = dataFolder,
            ["ModelHub__Bootstrap__AdminEmail"] = "admin@bench.local",
            ["ModelHub__Bootstrap__AdminPassword"] = Password,
            ["ModelHub__Bootstrap__AdminToken"] = AdminToken,
            ["HolySheep__BaseUrl"] = new Uri(stub, "v1").ToString(),
            ["HolySheep__ApiKey"] = "sk-bench-provider-key-0123456789",
            ["FineTuning__RescanIntervalMs"] = "3600000",
        }, Path.GetDirectoryName(webDll));
        var app = new GatewayApp(process, dataFolder);
        await process.WaitUntilAnsweringAsync("healthz", TimeSpan.FromMinutes(3));
        await app.SetUpAsync();
        return app;
    }

    private async Task SetUpAsync()
    {
        using var admin = new HttpClient { BaseAddress = Process.Address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var user = await ReadAsync(await admin.PostAsJsonAsync("api/users", new { email = "bench-app@bench.local", password = Password, roles = new[] { "Application" } }));
        var id = user.GetProperty("id").GetString()!;
        var token = await ReadAsync(await admin.PostAsJsonAsync($"api/users/{id}/tokens", new { name = "gateway-bench", expiresInDays = 30 }));
        ApplicationToken = token.GetProperty("token").GetString()!;
        await SeedProductionVersionAsync();
    }

    // Straight into the database, as the other benchmarks seed: a promotion through the API needs a gate run and a second approver.
    private async Task SeedProductionVersionAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
        var owner = (string)(await ScalarAsync(connection, tx, "SELECT Id FROM AspNetUsers WHERE Email = 'admin@bench.local'"))!;
        var modelId = (long)(await ScalarAsync(connection, tx,
            $"INSERT INTO RegisteredModels (Name, Description, OwnerId, CreatedAt, UpdatedAt) VALUES ('{Model}', 'Gateway benchmark', '{owner}', {now}, {now}) RETURNING Id"))!;
        await ScalarAsync(connection, tx,
            "INSERT INTO ModelVersions (RegisteredModelId, Number, ProviderModelId, BaseModel, Stage, FinalMetricsJson, CreatedById, CreatedAt) " +
            $"VALUES ({modelId}, 1, '{ProviderModelId}', 'gpt-4o-mini-2024-07-18', 'Production', '{{}}', '{owner}', {now})");
        await tx.CommitAsync();
    }

    /// <summary>Calls stored for the model so far, by HTTP status (after the meter's flush, which runs every second).</summary>
    public async Task<IReadOnlyDictionary<int, long>> MeteredCallsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Status, SUM(Calls) FROM UsageMinutes WHERE Model = '{Model}' GROUP BY Status";
        await using var reader = await command.ExecuteReaderAsync();
        var calls = new Dictionary<int, long>();
        while (await reader.ReadAsync())
        {
            calls[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return calls;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Setting up the gateway failed: {(int)response.StatusCode} {text}");
            }

            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    public void Dispose()
    {
        Process.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
