using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Components.Pages.Settings;

/// <summary>Shows which provider ModelHub talks to, tests the connection, and drives the simulator's fault injection.</summary>
public partial class ProviderSettingsPanel
{
    [Inject]
    private IServiceProvider Services { get; set; } = null!;

    [Inject]
    private IOptions<SimulatorOptions> SimulatorOptions { get; set; } = null!;

    private IProviderEndpoint? Endpoint { get; set; }

    private string? EndpointProblem { get; set; }

    private SimulatorFaults? Faults { get; set; }

    /// <summary>Shows the simulator's fault-injection controls; only Admins should get them.</summary>
    [Parameter]
    public bool AllowFaultInjection { get; set; }

    private bool Testing { get; set; }

    private bool ConnectionOk { get; set; }

    private string? ConnectionMessage { get; set; }

    private string? FailMessageDraft { get; set; }

    private string BaseUrlText { get; set; } = "";

    private string KeyText => Endpoint switch
    {
        null => "",
        { IsSimulator: true } => "not needed (the simulator accepts any key)",
        _ => $"set, ending {ProviderEndpoints.KeyHint(Endpoint.ApiKey)}",
    };

    private int ErrorRatePercent => (int)Math.Round((Faults?.ErrorRate ?? 0) * 100);

    private int AddedLatencyMs => (int)(Faults?.AddedLatency.TotalMilliseconds ?? 0);

    protected override void OnInitialized()
    {
        // Both are optional: with a key set and the simulator off, neither the simulator nor its faults exist.
        Faults = SimulatorOptions.Value.Enabled && AllowFaultInjection ? Services.GetService<SimulatorFaults>() : null;
        try
        {
            Endpoint = Services.GetService<IProviderEndpoint>();
            BaseUrlText = Endpoint?.BaseUrl.ToString() ?? "";
        }
        catch (InvalidOperationException ex)
        {
            Endpoint = null;
            EndpointProblem = ex.Message;
        }
    }

    private async Task TestConnectionAsync()
    {
        var check = Services.GetService<ProviderConnectionCheck>();
        if (check is null)
        {
            return;
        }

        Testing = true;
        ConnectionMessage = null;
        var result = await check.RunAsync();
        Testing = false;
        ConnectionOk = result.Succeeded;
        ConnectionMessage = result.Succeeded
            ? $"Connected: {result.Value.ModelCount} models listed in {result.Value.Latency.TotalMilliseconds:0} ms."
            : $"{result.Error!.Code}: {result.Error.Message}";
    }

    private void SetErrorRate(int percent)
    {
        if (Faults is not null)
        {
            Faults.ErrorRate = percent / 100.0;
        }
    }

    private void SetAddedLatency(int milliseconds)
    {
        if (Faults is not null)
        {
            Faults.AddedLatency = TimeSpan.FromMilliseconds(milliseconds);
        }
    }

    private void ArmFailure()
    {
        if (Faults is not null)
        {
            Faults.FailNextJobMessage = FailMessageDraft;
            FailMessageDraft = null;
        }
    }

    private void DisarmFailure() => Faults?.TakeFailNextJobMessage();
}
