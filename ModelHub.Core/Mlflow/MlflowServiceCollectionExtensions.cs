using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.Core.Mlflow;

/// <summary>Registers the MLflow-compatible tracking and registry services.</summary>
public static class MlflowServiceCollectionExtensions
{
    public static IServiceCollection AddModelHubMlflow(this IServiceCollection services) =>
        services.AddSingleton<MlflowExperiments>().AddSingleton<MlflowRuns>().AddSingleton<MlflowRunQueries>()
            .AddSingleton<MlflowArtifactStore>().AddSingleton<RegisterRunVersion>()
            .AddSingleton<MlflowRegistry>().AddSingleton<MlflowRegistryQueries>()
            .AddSingleton<JobExperiments>().AddSingleton<JobRunQueries>()
            .AddSingleton<ExperimentQueries>().AddSingleton<CompareRuns>();
}
