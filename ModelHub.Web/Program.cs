using ModelHub.Core;
using ModelHub.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddModelHubDefaults();

builder.Services.AddModelHubCore(builder.Configuration);
builder.Services.AddModelHubAuthentication();
builder.Services.AddModelHubWeb();

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseModelHubPipeline();
app.MapModelHubEndpoints();

app.Run();

/// <summary>Entry point; public so integration tests can host the real app.</summary>
public partial class Program;
