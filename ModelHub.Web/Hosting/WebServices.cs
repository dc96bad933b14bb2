using ModelHub.Core.Data;
using MudBlazor;
using MudBlazor.Services;

namespace ModelHub.Web.Hosting;

internal static class WebServices
{
    public static IServiceCollection AddModelHubWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
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
        return services;
    }
}
