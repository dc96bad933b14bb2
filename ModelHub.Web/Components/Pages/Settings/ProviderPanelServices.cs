using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Components.Pages.Settings;

/// <summary>
/// What the provider panel shows and drives. The simulator's fault controls exist only while the simulator is served,
/// so DI hands them over as optional (null) instead of the page looking them up.
/// </summary>
/// <param name="Endpoint">Which provider ModelHub talks to, or why none.</param>
/// <param name="ConnectionCheck">The connection test.</param>
/// <param name="Faults">The simulator's fault settings; null without the simulator.</param>
/// <param name="FaultChanges">Audited changes to <paramref name="Faults"/>; null without the simulator or the audit log.</param>
public sealed record ProviderPanelServices(
    ProviderEndpointChoice Endpoint,
    ProviderConnectionCheck ConnectionCheck,
    SimulatorFaults? Faults = null,
    ChangeSimulatorFaults? FaultChanges = null);
