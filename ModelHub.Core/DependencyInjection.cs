using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Backup;
using ModelHub.Core.Common;
using ModelHub.Core.Dashboard;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Cost;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;
using ModelHub.Core.Promotions;
using ModelHub.Core.Providers;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;
using ModelHub.Core.Scaleout;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core;

/// <summary>Registers ModelHub's domain services.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddModelHubCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ModelHubOptions>(configuration.GetSection(ModelHubOptions.Section));
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.Configure<PricingOptions>(configuration.GetSection(PricingOptions.Section));
        services.Configure<HolySheepOptions>(configuration.GetSection(HolySheepOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<DataFolder>();
        services.AddSingleton<StorageLocation>();

        services.AddModelHubDatabase(configuration);

        services.AddSingleton<AccessTokenCache>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<FirstRunSetup>();
        services.AddSingleton<HeadlessBootstrap>();
        services.AddSingleton<SetupCode>();
        services.AddSingleton<UserPreferences>();

        services.AddSingleton<DatasetFileStore>();
        services.AddSingleton<UploadDatasetToProvider>();
        services.AddSingleton<DatasetCatalog>();
        services.AddSingleton<UploadDataset>();
        services.AddSingleton<ArchiveDataset>();
        services.AddSingleton<DatasetPreview>();
        services.AddSingleton(sp => new SampleDatasetFolder(Path.Combine(sp.GetRequiredService<DataFolder>().Path, "samples")));
        services.AddSingleton(sp =>
        {
            var pricing = sp.GetRequiredService<IOptionsMonitor<PricingOptions>>();
            return new TrainingCostEstimator(() => pricing.CurrentValue);
        });
        services.AddSingleton<PricingSettings>();
        services.AddSingleton<IPostConfigureOptions<PricingOptions>>(sp => sp.GetRequiredService<PricingSettings>());
        services.AddSingleton<IOptionsChangeTokenSource<PricingOptions>>(sp => sp.GetRequiredService<PricingSettings>());

        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<VerifyAuditChain>();
        services.Configure<AuditOptions>(configuration.GetSection(AuditOptions.Section));
        services.AddSingleton<AuditAnchor>();
        services.AddHostedService<AuditAnchorWriter>();
        services.AddSingleton<BackupStore>().AddSingleton<CreateBackup>();

        services.AddSingleton<IUpdateBus, InProcessUpdateBus>();
        services.AddModelHubLease(configuration);

        services.Configure<FineTuningOptions>(configuration.GetSection(FineTuningOptions.Section));
        services.AddSingleton<JobTracker>().AddHostedService(sp => sp.GetRequiredService<JobTracker>());
        services.AddSingleton<JobSync>();
        services.AddSingleton<JobTrackerLag>();
        services.AddSingleton<LaunchFineTuneJob>().AddSingleton<CancelFineTuneJob>().AddSingleton<JobQueries>();
        services.AddSingleton<RegisterModelVersion>().AddSingleton<RegistryQueries>();
        services.Configure<GateOptions>(configuration.GetSection(GateOptions.Section));
        services.AddSingleton<GateRunner>().AddHostedService(sp => sp.GetRequiredService<GateRunner>());
        services.AddSingleton<EvaluateGateRun>().AddSingleton<GateRunPricing>();
        services.AddSingleton<GateRunDurations>();
        services.AddSingleton<GateEvaluation>().AddSingleton<ConfigureGate>().AddSingleton<StartGateRun>().AddSingleton<GateQueries>();
        services.AddSingleton<AliasResolutionCache>().AddSingleton<ResolveAlias>().AddSingleton<SetModelAlias>().AddSingleton<RemoveModelAlias>();
        services.AddSingleton<CreateRegisteredModel>().AddSingleton<CompareVersions>();
        services.AddModelHubMlflow();
        services.AddSingleton<ChangeStage>().AddSingleton<RequestPromotion>().AddSingleton<ApprovePromotion>().AddSingleton<RejectPromotion>()
            .AddSingleton<WithdrawPromotion>().AddSingleton<RollBack>().AddSingleton<DeploymentHistory>().AddSingleton<PromotionQueries>();
        services.AddSingleton<PromotionEligibility>();
        services.AddSingleton<DashboardQueries>();
        services.AddModelHubWebhooks(configuration);
        services.AddModelHubGateway();
        return services;
    }
}
