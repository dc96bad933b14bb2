using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Common;
using ModelHub.Core.Providers;

namespace ModelHub.Core.Simulator;

/// <summary>Registers the simulator's engine, its storage and key under the data folder, and its fault injection.</summary>
public static class SimulatorServiceCollectionExtensions
{
    public static IServiceCollection AddModelHubSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.Section))
            .Configure(options =>
            {
                // Unless set explicitly, the simulator is served only while there is no real provider to talk to.
                if (configuration.GetSection(SimulatorOptions.Section)[nameof(SimulatorOptions.Enabled)] is null)
                {
                    options.Enabled = string.IsNullOrWhiteSpace(configuration.GetSection(HolySheepOptions.Section)[nameof(HolySheepOptions.ApiKey)]);
                }
            });
        services.AddOptions<ModelHubOptions>().Bind(configuration.GetSection(ModelHubOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatorFaults>();
        services.TryAddSingleton<ChangeSimulatorFaults>();
        services.TryAddSingleton<SimulatorTokenCounter>();
        services.TryAddSingleton(sp => new SimulatorStorage(Path.Combine(DataFolder(sp), "simulator")));
        services.TryAddSingleton<SimulatorEngine>();
        services.TryAddSingleton(sp => new SimulatorSecret(
            Path.Combine(DataFolder(sp), "simulator", "modelhub.key"), sp.GetRequiredService<ILogger<SimulatorSecret>>()));
        return services;
    }

    /// <summary>The absolute data folder: <see cref="ModelHubOptions.DataFolder"/>, relative paths taken from the content root.</summary>
    public static string DataFolder(IServiceProvider services)
    {
        var folder = services.GetRequiredService<IOptions<ModelHubOptions>>().Value.DataFolder;
        var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(root, folder));
    }
}
