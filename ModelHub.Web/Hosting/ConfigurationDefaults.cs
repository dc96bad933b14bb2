using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ModelHub.Web.Hosting;

internal static class ConfigurationDefaults
{
    /// <summary>
    /// Loads the repository's root <c>appsettings.json</c> (copied next to the app) as the lowest-precedence source,
    /// so the project's own appsettings, user-secrets, environment variables and the command line all override it.
    /// </summary>
    public static IConfigurationManager AddModelHubDefaults(this IConfigurationManager configuration)
    {
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            // Same switch as the framework's own appsettings sources (tests turn it off).
            ReloadOnChange = configuration.GetValue("hostBuilder:reloadConfigOnChange", defaultValue: true),
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        configuration.Sources.Insert(0, source);
        return configuration;
    }
}
