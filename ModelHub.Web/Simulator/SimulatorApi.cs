using Microsoft.Extensions.Options;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary>Serves the OpenAI-compatible simulator at <c>/simulator/v1</c>.</summary>
public static class SimulatorApi
{
    public const string Prefix = "/simulator/v1";

    /// <summary>
    /// Maps the simulator when <c>Simulator:Enabled</c> is true. It is anonymous to the app's own auth because it checks
    /// bearer keys itself, like the real provider, and is left out of the OpenAPI document.
    /// </summary>
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled)
        {
            return app;
        }

        var group = app.MapGroup(Prefix)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .AddEndpointFilter<SimulatorAuthFilter>()
            .AddEndpointFilter<SimulatorFaultFilter>();

        group.MapSimulatorFiles();
        group.MapSimulatorJobs();
        group.MapSimulatorModelsAndChat();
        group.Map("{**path}", (HttpRequest request) => OpenAIErrors.UnknownUrl(request));
        return app;
    }
}
