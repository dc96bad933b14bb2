namespace ModelHub.Web.Endpoints;

/// <summary>
/// MLflow's REST API, so pipelines written against MLflow run unchanged with MLFLOW_TRACKING_URI pointing here. The
/// routes authenticate themselves (bearer or basic access tokens, never cookies) and answer MLflow's error JSON, so
/// they opt out of the fallback policy and its ProblemDetails challenge.
/// </summary>
internal static class MlflowEndpoints
{
    public static WebApplication MapMlflowEndpoints(this WebApplication app)
    {
        app.MapGroup("/api/2.0/mlflow").AllowAnonymous().ExcludeFromDescription().MapMlflowTracking().MapMlflowRegistry();
        app.MapGroup("/api/2.0/mlflow-artifacts").AllowAnonymous().ExcludeFromDescription().MapMlflowArtifacts();
        return app;
    }
}
