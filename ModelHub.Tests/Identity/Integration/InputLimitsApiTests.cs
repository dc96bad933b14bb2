using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>
/// Oversized, hidden-character, numeric-enum and out-of-range input on every API that takes it, sent as an attacker
/// would: each gets a 400 ProblemDetails naming the field and the limit, and nothing reaches the audit log.
/// </summary>
public sealed class InputLimitsApiTests : IAsyncLifetime
{
    private static readonly string TooLongText = new('r', 2001);

    private readonly ModelHubFactory app = new();
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        var admin = await app.CreateUserAsync("admin@example.com", "correct-horse-battery-7", Roles.Admin);
        api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(admin.Id));
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Reasons_and_comments_over_2000_characters_are_refused_before_anything_is_looked_up()
    {
        var entriesBefore = await AuditTotalAsync();
        await RefusedAsync(await api.PostAsJsonAsync("/api/models/m/rollback", new { reason = TooLongText }), "reason", "2,000");
        await RefusedAsync(await api.PostAsJsonAsync("/api/promotions/1/reject", new { comment = TooLongText }), "comment", "2,000");
        await RefusedAsync(await api.PostAsJsonAsync("/api/promotions/1/approve", new { comment = TooLongText }), "comment", "2,000");
        await RefusedAsync(await api.PostAsJsonAsync("/api/promotions", new { model = "m", version = 1, comment = TooLongText }), "comment", "2,000");
        await RefusedAsync(await api.PostAsJsonAsync("/api/models/m/versions/1/stage", new { stage = "Staging", reason = TooLongText }), "reason", "2,000");
        await RefusedAsync(await api.PostAsJsonAsync("/api/promotions/1/reject", new { comment = "no\0pe" }), "comment", "control character");

        // At the limit the text passes and the request goes on to the model, which does not exist.
        using var atLimit = await api.PostAsJsonAsync("/api/models/m/rollback", new { reason = new string('r', 2000) });
        Assert.Equal(HttpStatusCode.NotFound, atLimit.StatusCode);
        Assert.Equal(entriesBefore, await AuditTotalAsync());
    }

    private async Task<int> AuditTotalAsync() => (int)JsonNode.Parse(await api.GetStringAsync("/api/audit"))!["total"]!;

    [Fact]
    public async Task Model_names_refuse_dots_hidden_characters_and_huge_input_without_echoing_it()
    {
        await RefusedAsync(await api.PostAsJsonAsync("/api/models", new { name = "." }), "name", "folder");
        await RefusedAsync(await api.PostAsJsonAsync("/api/models", new { name = ".." }), "name", "folder");
        await RefusedAsync(await api.PostAsJsonAsync("/api/models", new { name = "ab\u202Ecd" }), "name", "not a valid model name");
        var huge = await RefusedAsync(await api.PostAsJsonAsync("/api/models", new { name = new string('a', 1 << 20) }), "name", "not a valid model name");
        Assert.True(huge.Length < 1000, $"The refusal echoed the input: {huge.Length} characters.");
        await RefusedAsync(await api.PostAsJsonAsync("/api/models", new { name = "fine", description = TooLongText }), "description", "2,000");

        var gate = new { rules = new[] { new { metric = new string('m', 1 << 20), @operator = ">=", threshold = 0.5 } } };
        var gateProblem = await RefusedAsync(await api.PutAsJsonAsync("/api/models/fine/gate", gate), "rules[0].metric", "100");
        Assert.True(gateProblem.Length < 1000, $"The refusal echoed the input: {gateProblem.Length} characters.");

        using var created = await api.PostAsJsonAsync("/api/models", new { name = "v1.2_ok-name", description = new string('d', 2000) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Token_user_and_job_texts_are_limited_too()
    {
        await RefusedAsync(await api.PostAsJsonAsync("/api/me/tokens", new { name = "ci\u202Egnp", expiresInDays = 30 }), "name", "text-direction");
        await RefusedAsync(await api.PostAsJsonAsync("/api/me/tokens", new { name = new string('t', 101), expiresInDays = 30 }), "name", "at most 100 characters");
        await RefusedAsync(await api.PostAsJsonAsync("/api/users", new { email = new string('u', 96) + "@x.io", password = "correct-horse-battery-8", roles = new[] { "Engineer" } }),
            "email", "at most 100 characters");
        await RefusedAsync(await api.PostAsJsonAsync("/api/jobs", new { model = "m", baseModel = "gpt-4o-mini", trainingDatasetId = 1, notes = TooLongText }), "notes", "2,000");
        await RefusedAsync(await api.PostAsJsonAsync("/api/jobs", new { model = "..", baseModel = "gpt-4o-mini", trainingDatasetId = 1 }), "model", "");
    }

    [Fact]
    public async Task Enums_are_accepted_by_name_only()
    {
        await RefusedAsync(await api.PostAsJsonAsync("/api/models/m/versions/1/stage", new { stage = "3" }), "stage", "Staging");
        await RefusedAsync(await api.PostAsJsonAsync("/api/models/m/versions/1/stage", new { stage = "-1" }), "stage", "Staging");
        await RefusedAsync(await api.GetAsync("/api/promotions?status=1"), "status", "Pending");
        await RefusedAsync(await api.GetAsync("/api/models?sort=1"), "sort", "name");
        await RefusedAsync(await api.GetAsync("/api/models?sort=99"), "sort", "name");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/models?sort=name")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/promotions?status=pending")).StatusCode);

        // Bodies bound by the app's JSON options: a number or a numeric string never becomes an enum value.
        var json = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ModelStage>("3", json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ModelStage>("\"3\"", json));
        Assert.Equal(ModelStage.Archived, JsonSerializer.Deserialize<ModelStage>("\"Archived\"", json));
    }

    [Theory]
    [InlineData("/api/audit?page=2147483647", "page")]
    [InlineData("/api/audit?page=0", "page")]
    [InlineData("/api/audit?page=-5", "page")]
    [InlineData("/api/audit?pageSize=0", "pageSize")]
    [InlineData("/api/audit?pageSize=201", "pageSize")]
    [InlineData("/api/models?skip=-1", "skip")]
    [InlineData("/api/models?skip=2147483647", "skip")]
    [InlineData("/api/models?take=0", "take")]
    [InlineData("/api/models?take=100000", "take")]
    public async Task Paging_out_of_range_is_refused_rather_than_wrapped_around(string url, string field) =>
        await RefusedAsync(await api.GetAsync(url), field, "between");

    [Theory]
    [InlineData("/api/audit?page=99999999999")]
    [InlineData("/api/audit?pageSize=-99999999999")]
    [InlineData("/api/models?take=abc")]
    public async Task Numbers_that_do_not_fit_are_a_400_not_a_server_error(string url)
    {
        using var response = await api.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_last_allowed_page_is_empty_instead_of_page_one()
    {
        var page = JsonNode.Parse(await api.GetStringAsync("/api/audit?page=1000000&pageSize=200"))!;

        Assert.Empty(page["items"]!.AsArray());
        Assert.Equal(1_000_000, (int)page["page"]!);
    }

    [Fact]
    public async Task Price_table_names_follow_the_name_rules()
    {
        var settings = app.Services.GetRequiredService<PricingSettings>();
        var price = new ModelPrice { Training = 1, Input = 1, Output = 1 };

        var hidden = await settings.SaveAsync(new Dictionary<string, ModelPrice> { ["gpt\u202E-4o"] = price }, Actor.System);
        var nul = await settings.SaveAsync(new Dictionary<string, ModelPrice> { ["gpt\0"] = price }, Actor.System);
        var many = await settings.SaveAsync(Enumerable.Range(0, PricingSettings.MaxModels + 1).ToDictionary(i => $"m{i}", _ => price), Actor.System);

        Assert.Contains("text-direction", hidden.Error?.Message);
        Assert.Contains("control", nul.Error?.Message);
        Assert.Contains($"at most {PricingSettings.MaxModels}", many.Error?.Message);
    }

    private static async Task<string> RefusedAsync(HttpResponseMessage response, string field, string message)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(body)!;
            Assert.Equal(field, (string?)problem["field"]);
            Assert.Contains(message, (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
            return body;
        }
    }
}
