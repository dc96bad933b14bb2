using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Validation gates and gate runs: <c>/api/models/{name}/gate</c>, <c>/api/models/{name}/versions/{version}/gate-runs</c>, <c>/api/gate-runs/{id}</c>.</summary>
internal static class GateEndpoints
{
    public sealed record GateRuleRequest(string? Metric, string? Operator, double? Threshold);

    public sealed record GateRequest(IReadOnlyList<GateRuleRequest?>? Rules, IReadOnlyList<string?>? NotWorseThanProduction);

    public sealed record GateRuleResponse(string Metric, string Operator, double Threshold);

    public sealed record GateResponse(string Model, IReadOnlyList<GateRuleResponse> Rules, IReadOnlyList<string> NotWorseThanProduction, DateTimeOffset? UpdatedAt);

    public sealed record StartRunRequest(int? DatasetId);

    public sealed record StartRunResponse(int Id, string Status);

    public sealed record RunProgress(int Completed, int Total);

    public sealed record PerLabelResponse(string Label, double Precision, double Recall, double F1, int Support);

    public sealed record FailedExampleResponse(int Line, string Prompt, string Expected, string Actual);

    public sealed record FailedExamplesResponse(int Count, IReadOnlyList<FailedExampleResponse> Shown);

    public sealed record DisagreementsResponse(int Count, IReadOnlyList<Disagreement> Shown);

    /// <summary>Production's side of a run on the same dataset; <c>ReusedFromGateRunId</c> names the run whose answers were reused.</summary>
    public sealed record ProductionResponse(
        int Version,
        IReadOnlyDictionary<string, double>? Metrics,
        IReadOnlyList<PerLabelResponse> PerLabel,
        ConfusionMatrix? Confusion,
        DisagreementsResponse Disagreements,
        int? ReusedFromGateRunId);

    public sealed record GateRunResponse(
        int Id,
        string Model,
        int Version,
        int DatasetId,
        string Status,
        DateTimeOffset StartedAt,
        DateTimeOffset? FinishedAt,
        RunProgress Progress,
        IReadOnlyDictionary<string, double>? Metrics,
        IReadOnlyList<PerLabelResponse> PerLabel,
        IReadOnlyList<GateRuleResult> Rules,
        IReadOnlyList<ProductionComparison> NotWorseThanProduction,
        long PromptTokens,
        long CompletionTokens,
        decimal? CostUsd,
        FailedExamplesResponse FailedExamples,
        string? Error,
        ConfusionMatrix? Confusion,
        ProductionResponse? Production);

    public static RouteGroupBuilder MapGateEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Gates").RequireAuthorization(Policies.CanView);

        api.MapGet("/models/{name}/gate", async Task<Results<Ok<GateResponse>, ProblemHttpResult>> (string name, GateQueries queries, CancellationToken ct) =>
                await queries.GetGateAsync(name, ct) is { } gate ? TypedResults.Ok(ToResponse(gate)) : Problems.From(Error.NotFound($"Model '{name}'")))
            .WithSummary("The model's validation gate (empty when never configured).");

        api.MapPut("/models/{name}/gate", async Task<Results<Ok<GateResponse>, ProblemHttpResult>> (
                string name, GateRequest request, ConfigureGate configure, GateQueries queries, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var parsed = Parse(request);
                if (!parsed.Succeeded)
                {
                    return Problems.From(parsed.Error!);
                }

                var saved = await configure.ConfigureAsync(name, parsed.Value, me.ToActor(), ct);
                return saved.Succeeded ? TypedResults.Ok(ToResponse((await queries.GetGateAsync(name, ct))!)) : Problems.From(saved.Error!);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Replaces the model's gate: metric rules and the metrics that must not be worse than production.");

        api.MapGet("/models/{name}/versions/{version:int}/gate-runs", async (string name, int version, GateQueries queries, CancellationToken ct) =>
                TypedResults.Ok((await queries.ListRunsAsync(name, version, ct: ct)).Select(ToResponse).ToList()))
            .WithSummary("The version's gate runs, newest first (failed examples omitted).");

        api.MapPost("/models/{name}/versions/{version:int}/gate-runs", async Task<Results<Accepted<StartRunResponse>, ProblemHttpResult>> (
                string name, int version, StartRunRequest request, StartGateRun start, ClaimsPrincipal me, CancellationToken ct) =>
            {
                if (request.DatasetId is not { } datasetId)
                {
                    return Problems.From(Error.Validation("datasetId is required.", "datasetId"));
                }

                var started = await start.StartAsync(name, version, datasetId, me.ToActor(), ct);
                return started.Succeeded
                    ? TypedResults.Accepted($"/api/gate-runs/{started.Value}", new StartRunResponse(started.Value, GateRunStatus.Running))
                    : Problems.From(started.Error!);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Starts a gate run of the version on a held-out dataset; poll /api/gate-runs/{id}.");

        api.MapGet("/gate-runs/{id:int}", async Task<Results<Ok<GateRunResponse>, ProblemHttpResult>> (int id, GateQueries queries, CancellationToken ct) =>
                await queries.GetRunAsync(id, ct: ct) is { } run ? TypedResults.Ok(ToResponse(run)) : Problems.From(Error.NotFound($"Gate run {id}")))
            .WithSummary("One gate run: status, progress, scores, confusion matrix, each rule's result, production's side on the same data, tokens, cost and failed examples.");

        return api;
    }

    private static Result<GateConfiguration> Parse(GateRequest request)
    {
        var rules = new List<GateRule>();
        var requested = request.Rules ?? [];
        for (var i = 0; i < requested.Count; i++)
        {
            var rule = requested[i];
            if (rule?.Threshold is not { } threshold)
            {
                return Error.Invalid(ConfigureGate.InvalidGate, "Each rule needs a numeric threshold.", $"rules[{i}].threshold");
            }

            rules.Add(new GateRule(rule.Metric ?? "", rule.Operator ?? "", threshold));
        }

        return new GateConfiguration(rules, (request.NotWorseThanProduction ?? []).Select(m => m ?? "").ToList());
    }

    private static GateResponse ToResponse(GateView gate) => new(
        gate.Model,
        gate.Gate.Rules.Select(r => new GateRuleResponse(r.Metric, r.Operator, r.Threshold)).ToList(),
        gate.Gate.NotWorseThanProduction,
        gate.UpdatedAt);

    internal static GateRunResponse ToResponse(GateRunView run) => new(
        run.Id,
        run.Model,
        run.Version,
        run.DatasetId,
        run.Status,
        run.StartedAt,
        run.FinishedAt,
        new RunProgress(run.Completed, run.Total),
        run.Scores?.AsMetrics(),
        PerLabel(run.Scores),
        run.Rules,
        run.NotWorseThanProduction,
        run.PromptTokens,
        run.CompletionTokens,
        run.CostUsd,
        new FailedExamplesResponse(run.FailedCount, run.Failures.Select(f => new FailedExampleResponse(f.Line, f.Prompt, f.Expected, f.Actual)).ToList()),
        run.Error,
        run.Confusion,
        run.Production is { } p
            ? new ProductionResponse(p.Version, p.Metrics?.AsMetrics(), PerLabel(p.Metrics), p.Confusion,
                new DisagreementsResponse(p.DisagreementCount, p.Disagreements ?? []), p.ReusedFromGateRunId)
            : null);

    private static List<PerLabelResponse> PerLabel(EvaluationScores? scores) =>
        (scores?.PerLabel ?? []).Select(l => new PerLabelResponse(l.Label, l.Precision, l.Recall, l.F1, l.Support)).ToList();
}
