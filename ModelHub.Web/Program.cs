using ModelHub.Core;
using ModelHub.Core.Providers;
using ModelHub.Web.Simulator;
using ModelHub.Web.Hosting;
using ModelHub.Web.Observability;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddModelHubDefaults();

builder.Services.AddModelHubCore(builder.Configuration);
builder.Services.AddModelHubProvider(builder.Configuration);
builder.Services.AddModelHubSimulatorHost(builder.Configuration);
builder.Services.AddModelHubAuthentication();
builder.Services.AddModelHubWeb();
builder.AddModelHubObservability();
builder.Services.AddModelHubScaleout(builder.Configuration);

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseModelHubPipeline();
app.MapModelHubEndpoints();
app.MapModelHubObservability();

app.Run();

/// <summary>Entry point; public so integration tests can host the real app.</summary>
public partial class Program;
