using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;

namespace ModelHub.Web.Endpoints;

/// <summary>Run artifacts for the Experiments pages: the same files as MLflow's artifact proxy, for any signed-in user (cookie or token).</summary>
internal static class ExperimentEndpoints
{
    public static void MapExperimentEndpoints(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/api/experiments").WithTags("Experiments").RequireAuthorization(Policies.CanView);

        experiments.MapGet("/{experimentId:int}/runs/{runId}/artifacts/{**path}", (int experimentId, string runId, string path, MlflowArtifactStore store) =>
            {
                // The store refuses "..", absolute and empty segments, so the path cannot leave the run's folder.
                var opened = store.Open($"{ExperimentQueries.ArtifactRoot(experimentId, runId)}/{path}");
                return opened.Succeeded
                    ? Results.Stream(opened.Value, "application/octet-stream", fileDownloadName: Path.GetFileName(path))
                    : (IResult)Problems.From(opened.Error!);
            })
            .WithSummary("Downloads one artifact file of a run (the path is relative to the run's artifact root).");
    }
}
