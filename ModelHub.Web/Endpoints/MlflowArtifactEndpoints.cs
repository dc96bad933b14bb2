using ModelHub.Core.Mlflow;

namespace ModelHub.Web.Endpoints;

/// <summary>MLflow's artifact proxy (<c>/api/2.0/mlflow-artifacts/artifacts</c>): upload, download and list run files.</summary>
internal static class MlflowArtifactEndpoints
{
    public static RouteGroupBuilder MapMlflowArtifacts(this RouteGroupBuilder artifacts)
    {
        artifacts.Mlflow("GET", "/artifacts", MlflowAccess.Read, call =>
        {
            var path = call.String("path")?.Trim('/');
            return Task.FromResult(MlflowCall.From(call.Service<MlflowArtifactStore>().List(path), files => new { files }));
        });
        artifacts.MapMethods("/artifacts/{**path}", ["PUT"], (HttpContext http, string path) =>
            MlflowCall.RunAsync(http, MlflowAccess.Write, jsonBody: false, async call =>
            {
                var store = call.Service<MlflowArtifactStore>();
                if (http.Request.ContentLength > store.MaxBytes)
                {
                    return MlflowCall.Failure(StatusCodes.Status413PayloadTooLarge, "INVALID_PARAMETER_VALUE", $"The artifact is larger than {store.MaxBytes} bytes.");
                }

                var written = await store.WriteAsync(path, http.Request.Body, call.Aborted);
                return MlflowCall.From(written, _ => new { });
            }));
        artifacts.MapMethods("/artifacts/{**path}", ["GET"], (HttpContext http, string path) =>
            MlflowCall.RunAsync(http, MlflowAccess.Read, jsonBody: false, call =>
            {
                var opened = call.Service<MlflowArtifactStore>().Open(path);
                return Task.FromResult(opened.Succeeded
                    ? Results.Stream(opened.Value, "application/octet-stream", fileDownloadName: Path.GetFileName(path))
                    : MlflowCall.Failure(opened.Error!));
            }));
        return artifacts;
    }
}
