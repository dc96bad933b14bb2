using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core.Data;

/// <summary>
/// The one relational database of ModelHub: identity, datasets, jobs, registry, promotions and audit. Each database
/// provider derives its own context (Data/Providers) so that it keeps its own migrations; the model is the same.
/// </summary>
public abstract class ModelHubDbContext(DbContextOptions options)
    : IdentityDbContext<ModelHubUser, IdentityRole, string>(options)
{
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<FineTuneJob> FineTuneJobs => Set<FineTuneJob>();
    public DbSet<JobEvent> JobEvents => Set<JobEvent>();
    public DbSet<JobStatusChange> JobStatusChanges => Set<JobStatusChange>();
    public DbSet<MetricPoint> MetricPoints => Set<MetricPoint>();
    public DbSet<MetricSeries> MetricSeries => Set<MetricSeries>();
    public DbSet<JobCheckpoint> JobCheckpoints => Set<JobCheckpoint>();
    public DbSet<RegisteredModel> RegisteredModels => Set<RegisteredModel>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<GateDefinition> GateDefinitions => Set<GateDefinition>();
    public DbSet<GateRun> GateRuns => Set<GateRun>();
    public DbSet<GateRunFailure> GateRunFailures => Set<GateRunFailure>();
    public DbSet<VersionEvaluation> VersionEvaluations => Set<VersionEvaluation>();
    public DbSet<ModelAlias> ModelAliases => Set<ModelAlias>();
    public DbSet<StageTransition> StageTransitions => Set<StageTransition>();
    public DbSet<PromotionRequest> PromotionRequests => Set<PromotionRequest>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<MlflowExperiment> MlflowExperiments => Set<MlflowExperiment>();
    public DbSet<MlflowRun> MlflowRuns => Set<MlflowRun>();
    public DbSet<MlflowParam> MlflowParams => Set<MlflowParam>();
    public DbSet<MlflowMetric> MlflowMetrics => Set<MlflowMetric>();
    public DbSet<MlflowRunTag> MlflowRunTags => Set<MlflowRunTag>();
    public DbSet<MlflowModelTag> MlflowModelTags => Set<MlflowModelTag>();
    public DbSet<MlflowVersionTag> MlflowVersionTags => Set<MlflowVersionTag>();
    public DbSet<MlflowVersionSource> MlflowVersionSources => Set<MlflowVersionSource>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<UsageMinute> UsageMinutes => Set<UsageMinute>();
    public DbSet<CanaryTraffic> CanaryTraffic => Set<CanaryTraffic>();
    public DbSet<Scaleout.BackgroundLease> BackgroundLeases => Set<Scaleout.BackgroundLease>();
    public DbSet<ModelBudget> ModelBudgets => Set<ModelBudget>();
    public DbSet<BudgetAlert> BudgetAlerts => Set<BudgetAlert>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ModelHubDbContext).Assembly);
    }
}
