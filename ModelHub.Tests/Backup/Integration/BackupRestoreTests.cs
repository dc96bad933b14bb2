using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Backup.Integration;

/// <summary>
/// <c>POST /api/admin/backup</c> and the README's restore steps: extract the archive into an empty data folder and
/// start ModelHub on it.
/// </summary>
[Trait("Database", "SqliteOnly")]
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-7";
    private readonly ModelHubFactory app = new();
    private readonly TempFolder restoreFolder = new("restore");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        restoreFolder.Dispose();
    }

    [Fact]
    public async Task A_backup_restored_into_an_empty_data_folder_starts_verifies_and_serves_the_same_datasets()
    {
        var (token, api) = await AdminAsync(app);
        var datasets = new Dictionary<int, string>();
        foreach (var (content, name) in new[] { (SampleDatasets.CleanTrain(), "Train"), (SampleDatasets.CleanValidation(), "Validation") })
        {
            var uploaded = await (await api.PostAsync("/api/datasets", DatasetUploadApiTests.Upload(content, name, "training"))).Content.ReadFromJsonAsync<JsonElement>();
            datasets[uploaded.GetProperty("id").GetInt32()] = uploaded.GetProperty("sha256").GetString()!;
        }

        var experiment = await api.PostAsJsonAsync("/api/2.0/mlflow/experiments/create", new { name = "restored" });
        Assert.Equal(HttpStatusCode.OK, experiment.StatusCode);
        var experimentId = (await experiment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("experiment_id").GetString();
        var run = await (await api.PostAsJsonAsync("/api/2.0/mlflow/runs/create", new { experiment_id = experimentId, start_time = 1 })).Content.ReadFromJsonAsync<JsonElement>();
        var artifact = $"/api/2.0/mlflow-artifacts/artifacts/{experimentId}/{run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()}/artifacts/model_metadata.json";
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync(artifact, new StringContent("{\"fine_tuned_model\": \"ft:restored\"}"))).StatusCode);

        Assert.True((await VerifyAsync(api)).GetProperty("ok").GetBoolean());
        var created = await api.PostAsync("/api/admin/backup", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var backup = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, backup.GetProperty("datasetFiles").GetInt32());
        Assert.Equal(1, backup.GetProperty("artifactFiles").GetInt32());
        var download = await api.GetAsync(created.Headers.Location);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        var archive = Path.Combine(restoreFolder.Path, "backup.zip");
        await File.WriteAllBytesAsync(archive, await download.Content.ReadAsByteArrayAsync());

        // The README's steps: extract into an empty data folder, start ModelHub on it.
        var data = Directory.CreateDirectory(Path.Combine(restoreFolder.Path, "data")).FullName;
        ZipFile.ExtractToDirectory(archive, data);
        await using var restored = new ModelHubFactory(dataFolder: data);
        var restoredApi = Bearer(restored, token);

        var verified = await VerifyAsync(restoredApi);
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.GetRawText());
        Assert.False(verified.GetProperty("truncated").GetBoolean());
        Assert.Equal(backup.GetProperty("auditHead").GetInt64(), verified.GetProperty("checkedCount").GetInt64());
        Assert.True(verified.GetProperty("lastAnchor").GetProperty("sequence").GetInt64() > 0);
        foreach (var (id, sha256) in datasets)
        {
            var content = await restoredApi.GetByteArrayAsync($"/api/datasets/{id}/content");
            Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
        }

        // What a pipeline logged through MLflow comes back too (the registry reads a version's provider model id from it).
        Assert.Equal("{\"fine_tuned_model\": \"ft:restored\"}", await restoredApi.GetStringAsync(artifact));

        var entry = (await api.GetFromJsonAsync<JsonElement>("/api/audit?action=backup.")).GetProperty("items")[0];
        Assert.Equal(("admin@example.com", backup.GetProperty("id").GetString()), (entry.GetProperty("actorName").GetString(), entry.GetProperty("objectId").GetString()));
    }

    [Fact]
    public async Task The_archive_leaves_out_the_key_ring_and_temp_uploads()
    {
        var (_, api) = await AdminAsync(app);
        Directory.CreateDirectory(Path.Combine(app.DataFolder, "datasets", "incoming"));
        await File.WriteAllTextAsync(Path.Combine(app.DataFolder, "datasets", "incoming", "half.tmp"), "{}");

        var created = await api.PostAsync("/api/admin/backup", null);
        using var zip = new ZipArchive(await api.GetStreamAsync(created.Headers.Location));

        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("modelhub.db", names);
        Assert.Contains("backup-manifest.json", names);
        Assert.DoesNotContain(names, n => n.StartsWith("keys/", StringComparison.Ordinal) || n.Contains("incoming") || n.StartsWith("backups/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_an_admin_may_make_or_download_a_backup()
    {
        var (_, admin) = await AdminAsync(app);
        var created = await admin.PostAsync("/api/admin/backup", null);
        var location = created.Headers.Location!.ToString();
        var engineer = await app.CreateUserAsync("eng@example.com", Password, Roles.Engineer);
        var engineerApi = Bearer(app, await app.IssueTokenAsync(engineer.Id));
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/admin/backup", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineerApi.PostAsync("/api/admin/backup", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineerApi.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(location)).StatusCode);
        foreach (var bad in new[] { "..%2Fmodelhub.db", "modelhub-backup-20260101T000000Z-0000000g", "modelhub-backup-20260101T000000Z-00000000", new string('a', 5000) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/backups/{bad}")).StatusCode);
        }
    }

    private static async Task<(string Token, HttpClient Api)> AdminAsync(ModelHubFactory factory)
    {
        var admin = await factory.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var token = await factory.IssueTokenAsync(admin.Id);
        return (token, Bearer(factory, token));
    }

    private static HttpClient Bearer(ModelHubFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient api)
    {
        var response = await api.PostAsync("/api/audit/verify", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
