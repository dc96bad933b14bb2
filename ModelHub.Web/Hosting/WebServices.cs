using ModelHub.Core.Data;
using MudBlazor;
using MudBlazor.Services;

namespace ModelHub.Web.Hosting;

internal static class WebServices
{
    public static IServiceCollection AddModelHubWeb(this IServiceCollection services)
    {
        // An upload's validation report comes back from the browser through the circuit: allow more than the 32 KB default.
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(options => options.MaximumReceiveMessageSize = 1 << 20);
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.VisibleStateDuration = 5000;
        });

        services.AddProblemDetails();
        services.AddOpenApi(options => options.ShouldInclude = description =>
            description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddHealthChecks().AddDbContextCheck<ModelHubDbContext>("database");
        services.AddSignalR();
        services.AddHostedService<Realtime.UpdateBusHubBridge>();
        services.AddSingleton<ProviderMode>();
        services.AddSingleton<Components.Pages.Settings.ProviderPanelServices>();
        return services;
    }
}
