using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelHub.Cli.Api;

/// <summary>The one typed client for ModelHub's <c>/api</c>: every route the commands call is spelled here and nowhere else.</summary>
public sealed class ModelHubApi(HttpClient http)
{
    /// <summary>The longest a plain API call may take; uploads have no limit but the connection's.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(100);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<CurrentUser> GetMeAsync(CancellationToken ct) => GetAsync<CurrentUser>("api/me", ct);

    public async Task<DatasetUpload> UploadDatasetAsync(FileInfo file, string name, string purpose, string? description, IProgress<long> progress, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new StringContent(purpose), "purpose" },
        };
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }

        var content = new UploadContent(file, progress);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(content, "file", file.Name);

        using var response = await http.PostAsync("api/datasets", form, ct);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            var problem = await ReadProblemAsync(response, ct);
            var report = problem.More?.TryGetValue("report", out var element) == true ? element.Deserialize<DatasetReport>(Json) : null;
            return new DatasetUpload(null, false, report, problem);
        }

        var dataset = await ReadAsync<Dataset>(response, ct);
        return new DatasetUpload(dataset, response.StatusCode == HttpStatusCode.OK, null, null);
    }

    public Task<Job> LaunchJobAsync(LaunchJob request, CancellationToken ct) => PostAsync<Job>("api/jobs", request, ct);

    public Task<Job> GetJobAsync(int id, CancellationToken ct) => GetAsync<Job>($"api/jobs/{Number(id)}", ct);

    public Task<ModelPage> ListModelsAsync(string? search, int take, CancellationToken ct) =>
        GetAsync<ModelPage>($"api/models?take={Number(take)}" + (search is null ? "" : $"&search={Uri.EscapeDataString(search)}"), ct);

    public Task<ModelDetails> GetModelAsync(string name, CancellationToken ct) => GetAsync<ModelDetails>($"api/models/{Segment(name)}", ct);

    public Task<AliasResolution> ResolveAsync(string name, string alias, CancellationToken ct) =>
        GetAsync<AliasResolution>($"api/models/{Segment(name)}/aliases/{Segment(alias)}", ct);

    public Task<StageChanged> ChangeStageAsync(string name, int version, string stage, string? reason, CancellationToken ct) =>
        PostAsync<StageChanged>($"api/models/{Segment(name)}/versions/{Number(version)}/stage", new { stage, reason }, ct);

    public Task<GateRunStarted> StartGateRunAsync(string name, int version, int datasetId, CancellationToken ct) =>
        PostAsync<GateRunStarted>($"api/models/{Segment(name)}/versions/{Number(version)}/gate-runs", new { datasetId }, ct);

    public Task<GateRun> GetGateRunAsync(int id, CancellationToken ct) => GetAsync<GateRun>($"api/gate-runs/{Number(id)}", ct);

    public Task<Promotion> RequestPromotionAsync(string model, int version, string? comment, CancellationToken ct) =>
        PostAsync<Promotion>("api/promotions", new { model, version, comment }, ct);

    public Task<Promotion> GetPromotionAsync(int id, CancellationToken ct) => GetAsync<Promotion>($"api/promotions/{Number(id)}", ct);

    public Task<Promotion> ApprovePromotionAsync(int id, string? comment, CancellationToken ct) =>
        PostAsync<Promotion>($"api/promotions/{Number(id)}/approve", new { comment }, ct);

    public Task<Promotion> RejectPromotionAsync(int id, string? comment, CancellationToken ct) =>
        PostAsync<Promotion>($"api/promotions/{Number(id)}/reject", new { comment }, ct);

    public Task<RolledBack> RollBackAsync(string name, int? toVersion, string? reason, CancellationToken ct) =>
        PostAsync<RolledBack>($"api/models/{Segment(name)}/rollback", new { toVersion, reason }, ct);

    public Task<AuditVerification> VerifyAuditAsync(CancellationToken ct) => PostAsync<AuditVerification>("api/audit/verify", new { }, ct);

    /// <summary>The hub's address, relative to the same base as the API.</summary>
    public static string JobsHubPath => "hubs/jobs";

    /// <summary>The page where reviewers decide promotion requests.</summary>
    public static string ApprovalsPagePath => "approvals";

    /// <summary>The API address of one promotion request.</summary>
    public static string PromotionPath(int id) => $"api/promotions/{Number(id)}";

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var timeout = Limit(ct);
        using var response = await http.GetAsync(path, timeout.Token);
        return await ReadAsync<T>(response, timeout.Token);
    }

    private async Task<T> PostAsync<T>(string path, object body, CancellationToken ct)
    {
        using var timeout = Limit(ct);
        using var response = await http.PostAsJsonAsync(path, body, Json, timeout.Token);
        return await ReadAsync<T>(response, timeout.Token);
    }

    private static CancellationTokenSource Limit(CancellationToken ct)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        return timeout;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException((int)response.StatusCode, await ReadProblemAsync(response, ct));
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new ApiException((int)response.StatusCode, new ApiProblem("empty-answer", "Empty answer", "ModelHub answered with an empty body.", (int)response.StatusCode, null));
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonSerializer.Deserialize<ApiProblem>(text, Json) is { } problem && (problem.Type ?? problem.Title ?? problem.Detail) is not null)
            {
                return problem;
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails (a proxy's error page, an empty 401): described by its status below.
        }

        var reason = response.ReasonPhrase ?? "error";
        var detail = status switch
        {
            401 => "ModelHub refused the token: it is unknown, revoked or expired. Create a new one on your Profile page and log in again.",
            403 => "Your role may not do this.",
            _ => $"ModelHub answered {status} {reason}.",
        };
        return new ApiProblem(status == 401 ? "unauthorized" : status == 403 ? "forbidden" : "http-" + status, reason, detail, status, null);
    }

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
