namespace ModelHub.Core.Simulator;

/// <summary>Settings of the built-in OpenAI-compatible simulator served at <c>/simulator/v1</c>.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>
    /// Whether the web app serves the simulator. Left unset, it is served only while no <c>HolySheep:ApiKey</c> is
    /// configured; set it to true to serve it next to a real provider too.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Speed multiplier: 1 makes a job on the clean sample take about a minute, 60 about a second.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Fault injection at start-up; the Settings page changes it at run time through <see cref="SimulatorFaults"/>.</summary>
    public SimulatorFaultOptions Faults { get; set; } = new();
}
