using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;
using ModelHub.Web.Components;
using ModelHub.Web.Endpoints;
using ModelHub.Web.Gateway;
using ModelHub.Web.Realtime;
using ModelHub.Web.Simulator;
using Scalar.AspNetCore;

namespace ModelHub.Web.Hosting;

internal static class Pipeline
{
    /// <summary>Migrates the database and runs the headless bootstrap before the first request is served.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await app.Services.GetRequiredService<HeadlessBootstrap>().RunAsync();
        if (app.Services.GetRequiredService<DatasetFileStore>().SweepIncoming() is > 0 and var swept)
        {
            app.Logger.LogInformation("Deleted {Count} temp file(s) that interrupted uploads left in datasets/incoming.", swept);
        }

        // Ten minutes: far longer than any write of a settings or state file, so another instance's write is never hit.
        var dataFolder = app.Services.GetRequiredService<DataFolder>().Path;
        if (AtomicFile.SweepLeftovers(dataFolder, TimeSpan.FromMinutes(10), app.Services.GetRequiredService<TimeProvider>().GetUtcNow()) is > 0 and var leftovers)
        {
            app.Logger.LogInformation("Deleted {Count} temp file(s) that interrupted writes left in the data folder.", leftovers);
        }
        await app.RunStartupSecurityChecksAsync();
    }

    public static WebApplication UseModelHubPipeline(this WebApplication app)
    {
        app.UseModelHubTransportSecurity();
        app.UseGatewayBranch();

        // Machines get ProblemDetails; people get a friendly page (and developers the details page in Development).
        app.UseWhen(context => AuthenticationSetup.IsMachinePath(context.Request.Path), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !AuthenticationSetup.IsMachinePath(context.Request.Path), pages =>
        {
            if (!app.Environment.IsDevelopment())
            {
                pages.UseExceptionHandler("/error", createScopeForErrors: true);
            }

            pages.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
            pages.UseErrorPagesAsGet();
        });

        // Explicitly after the status-code pages, so their re-executed requests are routed again.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseApiAntiforgery();
        return app;
    }

    public static WebApplication MapModelHubEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        app.MapAccountEndpoints();
        app.MapUserEndpoints();
        app.MapTokenEndpoints();
        app.MapSampleEndpoints();
        app.MapDatasetEndpoints();
        app.MapJobEndpoints();
        app.MapAuditEndpoints();
        app.MapGateEndpoints();
        app.MapPromotionEndpoints();
        app.MapRegistryEndpoints();
        app.MapBackupEndpoints();
        app.MapMlflowEndpoints();
        app.MapExperimentEndpoints();
        app.MapWebhookEndpoints();
        app.MapHub<JobsHub>(JobsHub.Path);
        app.MapSimulatorApi();
        app.MapCanaryEndpoints();
        app.MapUsageEndpoints();
        app.MapBudgetEndpoints();

        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs", options => options.WithTitle("ModelHub API"));
        return app;
    }
}
