using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

using ModelHub.Tests.Mlflow.Integration;

namespace ModelHub.Tests.Mlflow.Peers;

/// <summary>The unmodified MLflow Python client drives ModelHub over real HTTP: tracking, registry and governance.</summary>
public sealed class MlflowPeerClientTests : IAsyncLifetime
{
    private const string Password = "mlflow-peer-password-2026";
    private readonly ModelHubFactory app = new(realHttp: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_MLflow_example_workload_runs_unchanged_and_lands_in_the_ModelHub_registry()
    {
        var engineer = await app.CreateUserAsync("engineer@example.com", Password, Roles.Engineer);
        var token = await app.IssueTokenAsync(engineer.Id);

        var (exit, output, errors) = await MlflowPeer.RunAsync(app.ServerAddress, MlflowPeer.Token(token), Path.Combine(MlflowPeer.Folder, "example_workload.py"));

        Assert.True(exit == 0, $"example_workload.py failed:\n{output}\n{errors}");
        Assert.Contains("done: run", output);
        var details = await app.Services.GetRequiredService<RegistryQueries>().GetVersionAsync("sentiment-analysis-gpt4", 1);
        Assert.NotNull(details);
        // From the model_metadata.json artifact the workload logs.
        Assert.Equal("ft:gpt-4o-mini:example::abc123", details.ProviderModelId);
        Assert.Equal(ModelStage.Staging, details.Stage);
        Assert.Equal("Fine-tuned gpt-4o-mini for sentiment analysis", details.Description);
        Assert.Contains("v1-2-0-stable", details.Aliases);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var actions = await db.AuditEntries.Where(e => e.ActorName == "engineer@example.com").Select(e => e.Action).ToListAsync();
        Assert.Contains(AuditActions.VersionRegistered, actions);
        Assert.Contains(AuditActions.VersionStaged, actions);
        Assert.Contains(AuditActions.AliasSet, actions);
    }

    [Fact]
    public async Task Production_through_MLflow_becomes_a_promotion_request_and_a_reviewer_approval_makes_it_live()
    {
        var engineer = await app.CreateUserAsync("engineer@example.com", Password, Roles.Engineer);
        var reviewer = await app.CreateUserAsync("reviewer@example.com", Password, Roles.Reviewer);
        var token = MlflowPeer.Token(await app.IssueTokenAsync(engineer.Id));

        var registered = await RunJsonAsync(token, "governed_pipeline.py", "register", "sentiment");
        var version = registered.GetProperty("version").GetString()!;
        Assert.Equal("1", version);
        Assert.Equal("Staging", registered.GetProperty("stage").GetString());
        Assert.Equal("READY", registered.GetProperty("status").GetString());
        Assert.Equal(0.5, registered.GetProperty("metrics").GetProperty("train_loss").GetDouble());
        Assert.Equal(3, registered.GetProperty("history").GetInt32());
        var providerModelId = (await app.Services.GetRequiredService<RegistryQueries>().GetVersionAsync("sentiment", 1))!.ProviderModelId;
        Assert.Equal("ft:gpt-4o-mini-2024-07-18:acme:sentiment:xyz789", providerModelId);

        // Without a passed gate run the refusal says what is missing, and nothing is requested.
        var early = await RunJsonAsync(token, "governed_pipeline.py", "promote", "sentiment", version);
        Assert.Equal("PERMISSION_DENIED", early.GetProperty("transition").GetProperty("error_code").GetString());
        Assert.Contains("gate run", early.GetProperty("transition").GetProperty("message").GetString());
        Assert.Equal(0, await PendingRequestsAsync());

        var (training, _) = await DatasetSeeder.AddCleanSampleAsync(app.Services, engineer.Id);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 1, GateRunStatus.Passed, engineer.Id, training);
        var promote = await RunJsonAsync(token, "governed_pipeline.py", "promote", "sentiment", version);

        var transition = promote.GetProperty("transition");
        Assert.Equal("PERMISSION_DENIED", transition.GetProperty("error_code").GetString());
        Assert.Matches(@"Promotion request #\d+ was created and waits for a reviewer at http://[^ ]+/approvals", transition.GetProperty("message").GetString());
        Assert.Equal("PERMISSION_DENIED", promote.GetProperty("alias").GetProperty("error_code").GetString());
        Assert.Equal("Staging", promote.GetProperty("stage").GetString());
        Assert.Equal(1, await PendingRequestsAsync());

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync())
        {
            var request = await db.PromotionRequests.SingleAsync();
            var approved = await app.Services.GetRequiredService<ApprovePromotion>().ApproveAsync(request.Id, "Looks good", Actor.User(reviewer.Id, reviewer.Email));
            Assert.True(approved.Succeeded, approved.Error?.Message);
        }

        var verified = await RunJsonAsync(token, "governed_pipeline.py", "verify", "sentiment", version);
        Assert.Equal(version, verified.GetProperty("alias_version").GetString());
        Assert.Equal("Production", verified.GetProperty("alias_stage").GetString());
        Assert.Equal([version], verified.GetProperty("latest").EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal("PERMISSION_DENIED", verified.GetProperty("delete").GetProperty("error_code").GetString());
        Assert.Contains("serves production", verified.GetProperty("delete").GetProperty("message").GetString());
        Assert.Equal("PERMISSION_DENIED", verified.GetProperty("delete_model").GetProperty("error_code").GetString());
        var resolved = await app.Services.GetRequiredService<ResolveAlias>().ResolveAsync("sentiment", ModelAlias.Production);
        Assert.Equal(providerModelId, resolved.Value.ProviderModelId);
    }

    [Fact]
    public async Task Pipelines_see_MLflow_error_codes_for_unknown_models_bad_filters_wrong_roles_and_missing_tokens()
    {
        var reviewer = await app.CreateUserAsync("reviewer@example.com", Password, Roles.Reviewer);
        var token = await app.IssueTokenAsync(reviewer.Id);

        var asReviewer = await RunJsonAsync(MlflowPeer.Token(token), "error_cases.py", "new-model");
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", asReviewer.GetProperty("unknown_model").GetString());
        Assert.Equal("INVALID_PARAMETER_VALUE", asReviewer.GetProperty("bad_filter").GetString());
        Assert.Equal("ok", asReviewer.GetProperty("read").GetString());
        Assert.Equal("PERMISSION_DENIED", asReviewer.GetProperty("write").GetString());

        var withBasicAuth = await RunJsonAsync(MlflowPeer.Basic("reviewer@example.com", token), "error_cases.py", "new-model");
        Assert.Equal("ok", withBasicAuth.GetProperty("read").GetString());
        Assert.Equal("PERMISSION_DENIED", withBasicAuth.GetProperty("write").GetString());

        var wrongUser = await RunJsonAsync(MlflowPeer.Basic("someone-else@example.com", token), "error_cases.py", "new-model");
        Assert.Equal("UNAUTHENTICATED", wrongUser.GetProperty("read").GetString());
        var anonymous = await RunJsonAsync(new Dictionary<string, string>(), "error_cases.py", "new-model");
        Assert.Equal("UNAUTHENTICATED", anonymous.GetProperty("read").GetString());
    }

    private async Task<int> PendingRequestsAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await db.PromotionRequests.CountAsync(r => r.Status == PromotionStatus.Pending);
    }

    private async Task<JsonElement> RunJsonAsync(IReadOnlyDictionary<string, string> credentials, string script, params string[] args)
    {
        var (exit, output, errors) = await MlflowPeer.RunAsync(app.ServerAddress, credentials, script, args);
        Assert.True(exit == 0, $"{script} {string.Join(' ', args)} failed ({exit}):\n{output}\n{errors}");
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }
}
