using Microsoft.Extensions.Options;
using ModelHub.Core.Common;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary>Serves the OpenAI-compatible simulator at <c>/simulator/v1</c>.</summary>
public static class SimulatorApi
{
    public const string Prefix = "/simulator/v1";

    /// <summary>
    /// Maps the simulator when <c>Simulator:Enabled</c> is in effect (by default only while no HolySheep key is set).
    /// It is anonymous to the app's cookie auth because it checks bearer keys itself, like the real provider, before
    /// anything else; then body limits, then fault injection. It is left out of the OpenAPI document.
    /// </summary>
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled)
        {
            return app;
        }

        // Created now rather than on the first call, so the key is in the data folder from the first start.
        _ = app.ServiceProvider.GetRequiredService<SimulatorSecret>();
        var maxUploadBytes = app.ServiceProvider.GetRequiredService<IOptions<ModelHubOptions>>().Value.MaxUploadBytes;

        var group = app.MapGroup(Prefix)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .AddEndpointFilter<SimulatorAuthFilter>()
            .AddEndpointFilter<SimulatorBodyLimitFilter>()
            .AddEndpointFilter<SimulatorFaultFilter>();

        group.MapSimulatorFiles(maxUploadBytes);
        group.MapSimulatorJobs();
        group.MapSimulatorModelsAndChat();
        group.Map("{**path}", (HttpRequest request) => OpenAIErrors.UnknownUrl(request));
        return app;
    }
}
