using System.Text.Json.Serialization;
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

        // Enums travel by name only: a number ("stage": 3) would pick a value by its position in the code.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));

        // A value that does not bind (page=99999999999, a number where text belongs) is the caller's 400 in every environment;
        // Development would otherwise throw it into the exception handler, which answers 500.
        services.PostConfigure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        services.AddOpenApi(options => options.ShouldInclude = description =>
            description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddSignalR();
        services.AddHostedService<Realtime.UpdateBusHubBridge>();
        services.AddSingleton<ProviderMode>();
        services.AddSingleton<Components.Pages.Settings.ProviderPanelServices>();
        services.AddSingleton<ModelHub.Core.Webhooks.IWebhookSecretProtector, WebhookSecretProtection>();
        return services;
    }
}
