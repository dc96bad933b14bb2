using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Components.Pages.Settings;

/// <summary>Shows which provider ModelHub talks to, tests the connection, and drives the simulator's fault injection.</summary>
public partial class ProviderSettingsPanel
{
    [Inject]
    private ProviderPanelServices Services { get; set; } = null!;

    [Inject]
    private IOptions<SimulatorOptions> SimulatorOptions { get; set; } = null!;

    private IProviderEndpoint? Endpoint { get; set; }

    private string? EndpointProblem { get; set; }

    private SimulatorFaults? Faults { get; set; }

    private ChangeSimulatorFaults? FaultChanges { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

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
        { IsSimulator: true } => "ModelHub calls its simulator with a key of its own, kept in the data folder and never shown. "
            + "People and SDKs use their own ModelHub access token (Engineer or Admin) as the API key; any other key is refused.",
        _ => $"set, ending {ProviderEndpoints.KeyHint(Endpoint.ApiKey)}",
    };

    private int ErrorRatePercent => (int)Math.Round((Faults?.ErrorRate ?? 0) * 100);

    private int AddedLatencyMs => (int)(Faults?.AddedLatency.TotalMilliseconds ?? 0);

    protected override void OnInitialized()
    {
        // Both are optional: with a key set and the simulator off, neither the simulator nor its faults exist.
        Faults = SimulatorOptions.Value.Enabled && AllowFaultInjection ? Services.Faults : null;
        FaultChanges = Faults is null ? null : Services.FaultChanges;
        if (FaultChanges is null)
        {
            // Every fault change is audited; without the audit log the controls are not offered.
            Faults = null;
        }

        var chosen = Services.Endpoint.Choose();
        Endpoint = chosen.Succeeded ? chosen.Value : null;
        EndpointProblem = chosen.Error?.Message;
        BaseUrlText = Endpoint is null ? "" : Describe(Endpoint);
    }

    // The built-in simulator's address comes from the listening server; a host without sockets (an in-memory test
    // server) has none, and the page must still render.
    private static string Describe(IProviderEndpoint endpoint)
    {
        try
        {
            return endpoint.BaseUrl.ToString();
        }
        catch (InvalidOperationException) when (endpoint.IsSimulator)
        {
            return "the built-in simulator (address not known: the server is not listening on a socket)";
        }
    }

    private async Task TestConnectionAsync()
    {
        Testing = true;
        ConnectionMessage = null;
        var result = await Services.ConnectionCheck.RunAsync();
        Testing = false;
        ConnectionOk = result.Succeeded;
        ConnectionMessage = result.Succeeded
            ? $"Connected: {result.Value.ModelCount} models listed in {result.Value.Latency.TotalMilliseconds:0} ms."
            : $"{result.Error!.Code}: {result.Error.Message}";
    }

    private async Task SetErrorRateAsync(int percent)
    {
        if (FaultChanges is not null)
        {
            await FaultChanges.SetErrorRateAsync(percent / 100.0, await ActorAsync());
        }
    }

    private async Task SetAddedLatencyAsync(int milliseconds)
    {
        if (FaultChanges is not null)
        {
            await FaultChanges.SetAddedLatencyAsync(TimeSpan.FromMilliseconds(milliseconds), await ActorAsync());
        }
    }

    private async Task ArmFailureAsync()
    {
        if (FaultChanges is not null)
        {
            await FaultChanges.SetFailNextJobMessageAsync(FailMessageDraft, await ActorAsync());
            FailMessageDraft = null;
        }
    }

    private async Task DisarmFailureAsync()
    {
        if (FaultChanges is not null)
        {
            await FaultChanges.SetFailNextJobMessageAsync(null, await ActorAsync());
        }
    }

    private async Task<Core.Audit.Actor> ActorAsync() =>
        AuthenticationState is null ? throw new InvalidOperationException("Fault injection needs a signed-in Admin.") : (await AuthenticationState).User.ToActor();
}
