namespace ModelHub.Core.Gateway;

/// <summary>
/// That a model's spend crossed a threshold of its budget in a month; unique per model, month and threshold, so the
/// audit entry (and its webhook) is written once however many instances or restarts evaluate the crossing.
/// </summary>
public sealed class BudgetAlert
{
    public int Id { get; set; }

    public int RegisteredModelId { get; set; }

    /// <summary>The UTC month, as <c>yyyy-MM</c>.</summary>
    public required string Month { get; set; }

    /// <summary>Percent of the budget: 80 or 100.</summary>
    public int Threshold { get; set; }

    public decimal SpendUsd { get; set; }

    public decimal BudgetUsd { get; set; }

    public DateTimeOffset At { get; set; }
}
