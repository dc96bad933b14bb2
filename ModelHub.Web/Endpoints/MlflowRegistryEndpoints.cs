using ModelHub.Core.Mlflow;

namespace ModelHub.Web.Endpoints;

/// <summary>MLflow's model registry REST API under <c>/api/2.0/mlflow</c>, over ModelHub's own registry and governance.</summary>
internal static class MlflowRegistryEndpoints
{
    public static RouteGroupBuilder MapMlflowRegistry(this RouteGroupBuilder mlflow)
    {
        mlflow.Mlflow("POST", "/registered-models/create", MlflowAccess.Write, async call =>
        {
            var name = call.Required("name");
            var created = await call.Service<MlflowRegistry>().CreateModelAsync(name, call.String("description"), call.KeyValues("tags"), call.Actor, call.Aborted);
            return created.Succeeded ? await ModelAsync(call, name) : MlflowCall.Failure(created.Error!);
        });
        mlflow.Mlflow("GET", "/registered-models/get", MlflowAccess.Read, call => ModelAsync(call, call.Required("name")));
        mlflow.Mlflow("PATCH", "/registered-models/update", MlflowAccess.Write, async call =>
        {
            var name = call.Required("name");
            var updated = await call.Service<MlflowRegistry>().UpdateModelAsync(name, call.String("description"), call.Actor, call.Aborted);
            return updated.Succeeded ? await ModelAsync(call, name) : MlflowCall.Failure(updated.Error!);
        });
        mlflow.Mlflow("POST", "/registered-models/rename", MlflowAccess.Write, async call =>
        {
            var newName = call.Required("new_name");
            var renamed = await call.Service<MlflowRegistry>().RenameModelAsync(call.Required("name"), newName, call.Actor, call.Aborted);
            return renamed.Succeeded ? await ModelAsync(call, newName) : MlflowCall.Failure(renamed.Error!);
        });
        mlflow.Mlflow("DELETE", "/registered-models/delete", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().DeleteModelAsync(call.Required("name"), call.Aborted), _ => new { }));
        mlflow.Mlflow("GET", "/registered-models/search", MlflowAccess.Read, async call =>
            MlflowCall.From(await call.Service<MlflowRegistryQueries>().SearchModelsAsync(call.String("filter"), call.Long("max_results"), call.String("page_token"), call.Aborted),
                page => new { registered_models = page.Items, next_page_token = page.NextPageToken }));
        foreach (var method in new[] { "GET", "POST" })
        {
            mlflow.Mlflow(method, "/registered-models/get-latest-versions", MlflowAccess.Read, async call =>
                MlflowCall.From(await call.Service<MlflowRegistryQueries>().LatestVersionsAsync(call.Required("name"), call.Strings("stages"), call.Aborted),
                    versions => new { model_versions = versions }));
        }

        mlflow.Mlflow("POST", "/registered-models/alias", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().SetAliasAsync(call.Required("name"), call.Required("alias"), call.Required("version"), call.Actor, call.Aborted), _ => new { }));
        mlflow.Mlflow("DELETE", "/registered-models/alias", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().DeleteAliasAsync(call.Required("name"), call.Required("alias"), call.Actor, call.Aborted), _ => new { }));
        mlflow.Mlflow("GET", "/registered-models/alias", MlflowAccess.Read, async call =>
            MlflowCall.From(await call.Service<MlflowRegistryQueries>().ByAliasAsync(call.Required("name"), call.Required("alias"), call.Aborted), v => new { model_version = v }));
        mlflow.Mlflow("POST", "/registered-models/set-tag", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().SetModelTagAsync(call.Required("name"), call.Required("key"), call.String("value"), call.Aborted), _ => new { }));
        mlflow.Mlflow("DELETE", "/registered-models/delete-tag", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().DeleteModelTagAsync(call.Required("name"), call.Required("key"), call.Aborted), _ => new { }));

        mlflow.Mlflow("POST", "/model-versions/create", MlflowAccess.Write, async call =>
        {
            var name = call.Required("name");
            var request = new RegisterRunVersion.Request(name, call.String("source"), call.String("run_id"), call.String("description"), call.KeyValues("tags"));
            var registered = await call.Service<RegisterRunVersion>().RegisterAsync(request, call.Actor, call.Aborted);
            return registered.Succeeded ? await VersionAsync(call, name, registered.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : MlflowCall.Failure(registered.Error!);
        });
        mlflow.Mlflow("GET", "/model-versions/get", MlflowAccess.Read, call => VersionAsync(call, call.Required("name"), call.Required("version")));
        mlflow.Mlflow("PATCH", "/model-versions/update", MlflowAccess.Write, async call =>
        {
            var (name, version) = (call.Required("name"), call.Required("version"));
            var updated = await call.Service<MlflowRegistry>().UpdateVersionAsync(name, version, call.String("description"), call.Actor, call.Aborted);
            return updated.Succeeded ? await VersionAsync(call, name, version) : MlflowCall.Failure(updated.Error!);
        });
        mlflow.Mlflow("DELETE", "/model-versions/delete", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().DeleteVersionAsync(call.Required("name"), call.Required("version"), call.Aborted), _ => new { }));
        mlflow.Mlflow("GET", "/model-versions/search", MlflowAccess.Read, async call =>
            MlflowCall.From(await call.Service<MlflowRegistryQueries>().SearchVersionsAsync(call.String("filter"), call.Long("max_results"), call.String("page_token"), call.Aborted),
                page => new { model_versions = page.Items, next_page_token = page.NextPageToken }));
        mlflow.Mlflow("POST", "/model-versions/transition-stage", MlflowAccess.Write, async call =>
        {
            var (name, version) = (call.Required("name"), call.Required("version"));
            var approvals = $"{call.Http.Request.Scheme}://{call.Http.Request.Host}/approvals";
            var moved = await call.Service<MlflowRegistry>().TransitionAsync(name, version, call.Required("stage"), call.Actor, approvals, call.Aborted);
            return moved.Succeeded ? await VersionAsync(call, name, version) : MlflowCall.Failure(moved.Error!);
        });
        mlflow.Mlflow("POST", "/model-versions/set-tag", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().SetVersionTagAsync(call.Required("name"), call.Required("version"), call.Required("key"), call.String("value"), call.Aborted), _ => new { }));
        mlflow.Mlflow("DELETE", "/model-versions/delete-tag", MlflowAccess.Write, async call =>
            MlflowCall.From(await call.Service<MlflowRegistry>().DeleteVersionTagAsync(call.Required("name"), call.Required("version"), call.Required("key"), call.Aborted), _ => new { }));
        mlflow.Mlflow("GET", "/model-versions/get-download-uri", MlflowAccess.Read, async call =>
            MlflowCall.From(await call.Service<MlflowRegistryQueries>().GetVersionAsync(call.Required("name"), call.Required("version"), call.Aborted), v => new { artifact_uri = v.Source }));
        return mlflow;
    }

    private static async Task<IResult> ModelAsync(MlflowCall call, string name) =>
        MlflowCall.From(await call.Service<MlflowRegistryQueries>().GetModelAsync(name, call.Aborted), m => new { registered_model = m });

    private static async Task<IResult> VersionAsync(MlflowCall call, string name, string version) =>
        MlflowCall.From(await call.Service<MlflowRegistryQueries>().GetVersionAsync(name, version, call.Aborted), v => new { model_version = v });
}
