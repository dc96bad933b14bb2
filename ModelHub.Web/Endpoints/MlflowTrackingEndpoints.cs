using ModelHub.Core.Mlflow;
using ModelHub.Core.Common;

namespace ModelHub.Web.Endpoints;

/// <summary>MLflow's tracking REST API (experiments, runs, metrics, logged models) under <c>/api/2.0/mlflow</c>.</summary>
internal static class MlflowTrackingEndpoints
{
    public static RouteGroupBuilder MapMlflowTracking(this RouteGroupBuilder mlflow)
    {
        mlflow.Mlflow("POST", "/experiments/create", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowExperiments>().CreateAsync(call.String("name"), call.Aborted), id => new { experiment_id = id }));
        mlflow.Mlflow("GET", "/experiments/get", MlflowAccess.Read, async call =>
            MlflowCall.From(await call.Service<MlflowExperiments>().GetAsync(call.Required("experiment_id"), call.Aborted), e => new { experiment = e }));
        mlflow.Mlflow("GET", "/experiments/get-by-name", MlflowAccess.Read, async call =>
            MlflowCall.From(await call.Service<MlflowExperiments>().GetByNameAsync(call.Required("experiment_name"), call.Aborted), e => new { experiment = e }));
        foreach (var method in new[] { "GET", "POST" })
        {
            mlflow.Mlflow(method, "/experiments/search", MlflowAccess.Read, async call =>
            {
                RefuseOrderBy(call);
                return MlflowCall.From(
                    await call.Service<MlflowExperiments>().SearchAsync(call.String("filter"), call.Long("max_results"), call.String("page_token"), call.String("view_type"), call.Aborted),
                    page => new { experiments = page.Items, next_page_token = page.NextPageToken });
            });
            mlflow.Mlflow(method, "/runs/search", MlflowAccess.Read, async call =>
            {
                RefuseOrderBy(call);
                return MlflowCall.From(
                    await call.Service<MlflowRunQueries>().SearchAsync(call.Strings("experiment_ids"), call.String("filter"), call.String("run_view_type"), call.Long("max_results"), call.String("page_token"), call.Aborted),
                    page => new { runs = page.Items, next_page_token = page.NextPageToken });
            });
        }

        mlflow.Mlflow("POST", "/experiments/update", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowExperiments>().RenameAsync(call.Required("experiment_id"), call.String("new_name"), call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/experiments/delete", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowExperiments>().DeleteAsync(call.Required("experiment_id"), call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/experiments/restore", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowExperiments>().RestoreAsync(call.Required("experiment_id"), call.Aborted), _ => new { }));

        mlflow.Mlflow("POST", "/runs/create", MlflowAccess.Write, async call =>
        {
            var experimentId = call.String("experiment_id");
            if (string.IsNullOrEmpty(experimentId))
            {
                experimentId = MlflowExperiments.Id(await call.Service<MlflowExperiments>().EnsureAsync(MlflowExperiments.DefaultName, call.Aborted));
            }

            var request = new MlflowRuns.NewRun(experimentId, call.String("user_id"), call.Long("start_time"), call.String("run_name"), call.KeyValues("tags"));
            return MlflowCall.From(await call.Service<MlflowRuns>().CreateAsync(request, call.Actor, call.Aborted), run => new { run });
        });
        mlflow.Mlflow("GET", "/runs/get", MlflowAccess.Read, async call =>
        {
            var runId = RunId(call);
            return await call.Service<MlflowRunQueries>().GetAsync(runId, call.Aborted) is { } run
                ? MlflowCall.Ok(new { run })
                : MlflowCall.Failure(MlflowErrorsFor.Run(runId));
        });
        mlflow.Mlflow("POST", "/runs/update", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().UpdateAsync(RunId(call), call.String("status"), call.Long("end_time"), call.String("run_name"), call.Aborted),
                info => new { run_info = info }));
        mlflow.Mlflow("POST", "/runs/delete", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().DeleteAsync(RunId(call), call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/runs/restore", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().RestoreAsync(RunId(call), call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/runs/log-batch", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().LogBatchAsync(RunId(call), call.Metrics("metrics"), call.KeyValues("params"), call.KeyValues("tags"), call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/runs/log-metric", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().LogBatchAsync(RunId(call), [call.Metric()], [], [], call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/runs/log-parameter", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().LogBatchAsync(RunId(call), [], [new KeyValue(call.Required("key"), call.String("value") ?? "")], [], call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/runs/set-tag", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().LogBatchAsync(RunId(call), [], [], [new KeyValue(call.Required("key"), call.String("value") ?? "")], call.Aborted), _ => new { }));
        mlflow.Mlflow("POST", "/runs/delete-tag", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRuns>().DeleteTagAsync(RunId(call), call.Required("key"), call.Aborted), _ => new { }));
        mlflow.Mlflow("GET", "/metrics/get-history", MlflowAccess.Read, async call =>
            MlflowCall.From(await call.Service<MlflowRunQueries>().HistoryAsync(RunId(call), call.String("metric_key"), call.Long("max_results"), call.String("page_token"), call.Aborted),
                page => new { metrics = page.Items, next_page_token = page.NextPageToken }));
        mlflow.Mlflow("GET", "/artifacts/list", MlflowAccess.Read, async call =>
        {
            var runId = RunId(call);
            if (await call.Service<MlflowRunQueries>().GetAsync(runId, call.Aborted) is not { } run)
            {
                return MlflowCall.Failure(MlflowErrorsFor.Run(runId));
            }

            var relative = call.String("path")?.Trim('/') ?? "";
            var root = $"{run.Info.ExperimentId}/{run.Info.RunId}/artifacts";
            var listed = call.Service<MlflowArtifactStore>().List(relative.Length == 0 ? root : $"{root}/{relative}");
            return MlflowCall.From(listed, files => new
            {
                root_uri = run.Info.ArtifactUri,
                files = files.Select(f => f with { Path = relative.Length == 0 ? f.Path : $"{relative}/{f.Path}" }),
            });
        });

        MapLoggedModels(mlflow);
        return mlflow;
    }

    /// <summary>
    /// <c>register_model("runs:/&lt;id&gt;/&lt;path&gt;")</c> falls back to a logged model named after the path when the run logged no
    /// MLmodel file; every run answers as one, so registering a run that logged only params and metrics works.
    /// </summary>
    private static void MapLoggedModels(RouteGroupBuilder mlflow)
    {
        mlflow.Mlflow("POST", "/logged-models/search", MlflowAccess.Read, async call =>
        {
            var name = "model";
            var filter = MlflowFilter.Parse(call.String("filter"));
            if (!filter.Succeeded)
            {
                return MlflowCall.Failure(filter.Error!);
            }

            foreach (var c in filter.Value)
            {
                if (c is not { Target: FilterTarget.Attribute, Key: "name", Op: "=" })
                {
                    return MlflowCall.Failure(MlflowErrors.Invalid($"Logged models can be filtered by name = '…' only; '{c.Key} {c.Op}' is not supported.", "filter"));
                }

                name = c.Value;
            }

            var page = await call.Service<MlflowRunQueries>().SearchAsync(call.Strings("experiment_ids"), null, null, call.Long("max_results") ?? 1000, call.String("page_token"), call.Aborted);
            return MlflowCall.From(page, p => new { models = p.Items.Select(r => LoggedModel(r, name)), next_page_token = p.NextPageToken });
        });
        mlflow.Mlflow("GET", "/logged-models/{modelId}", MlflowAccess.Read, async call =>
        {
            var modelId = call.Http.GetRouteValue("modelId") as string;
            var runId = RunIdOfModel(modelId);
            return runId is not null && await call.Service<MlflowRunQueries>().GetAsync(runId, call.Aborted) is { } run
                ? MlflowCall.Ok(new { model = LoggedModel(run, "model") })
                : MlflowCall.Failure(Error.NotFound($"Logged model '{modelId}'"));
        });
        mlflow.Mlflow("PATCH", "/logged-models/{modelId}/tags", MlflowAccess.Write, async call =>
        {
            // The registry writes which versions came from the model; they are kept as tags of its run. A job's run is
            // read-only, and its versions are already ModelHub's lineage (search model-versions by run_id), so that one
            // bookkeeping tag is accepted and not stored.
            var runId = RunIdOfModel(call.Http.GetRouteValue("modelId") as string);
            var tags = call.KeyValues("tags");
            if (JobRuns.JobId(runId) is not null && tags.All(t => t.Key == ModelVersionsTag))
            {
                return await call.Service<MlflowRunQueries>().GetAsync(runId, call.Aborted) is null
                    ? MlflowCall.Failure(Error.NotFound($"Logged model 'm-{runId}'"))
                    : MlflowCall.Empty();
            }

            return MlflowCall.From(await call.Service<MlflowRuns>().LogBatchAsync(runId, [], [], tags, call.Aborted), _ => new { });
        });
    }

    /// <summary>The logged-model tag in which <c>register_model</c> records the versions made from the model.</summary>
    private const string ModelVersionsTag = "mlflow.modelVersions";

    private static object LoggedModel(RunView run, string name) => new
    {
        info = new
        {
            model_id = "m-" + run.Info.RunId,
            experiment_id = run.Info.ExperimentId,
            name,
            source_run_id = run.Info.RunId,
            artifact_uri = $"{run.Info.ArtifactUri}/{name}",
            status = "LOGGED_MODEL_READY",
            creation_timestamp_ms = run.Info.StartTime,
            last_updated_timestamp_ms = run.Info.EndTime ?? run.Info.StartTime,
            tags = run.Data.Tags,
        },
        data = new { @params = run.Data.Params, metrics = Array.Empty<object>() },
    };

    private static string? RunIdOfModel(string? modelId) => modelId is { Length: > 2 } && modelId.StartsWith("m-", StringComparison.Ordinal) ? modelId[2..] : null;

    private static string RunId(MlflowCall call) =>
        call.String("run_id") is { Length: > 0 } id ? id : call.String("run_uuid") is { Length: > 0 } uuid ? uuid : throw new MlflowInputException("Missing value for required parameter 'run_id'.");

    private static void RefuseOrderBy(MlflowCall call)
    {
        if (call.Strings("order_by").Count > 0)
        {
            throw new MlflowInputException("order_by is not supported: results come newest first (runs) or by name (experiments, models).");
        }
    }

    /// <summary>Maps one MLflow route: authentication, roles and parameter reading are the same for all.</summary>
    public static void Mlflow(this RouteGroupBuilder group, string method, string pattern, MlflowAccess access, Func<MlflowCall, Task<IResult>> handle) =>
        group.MapMethods(pattern, [method], (Delegate)((HttpContext http) => MlflowCall.RunAsync(http, access, method != "GET", handle)));
}

/// <summary>Not-found errors of the tracking API.</summary>
internal static class MlflowErrorsFor
{
    public static Error Run(string? runId) => new(ErrorKind.NotFound, "not-found", $"Run '{runId}' was not found.");
}
