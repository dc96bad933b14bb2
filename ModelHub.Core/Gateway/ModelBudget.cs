namespace ModelHub.Core.Gateway;

/// <summary>A model's monthly spending limit for gateway calls (UTC calendar months), optionally a hard stop.</summary>
public sealed class ModelBudget
{
    public int Id { get; set; }

    public int RegisteredModelId { get; set; }

    /// <summary>USD per UTC calendar month, priced as the Costs page prices calls.</summary>
    public decimal MonthlyUsd { get; set; }

    /// <summary>When true the gateway refuses the model's calls (429) once the month's spend reaches the budget.</summary>
    public bool HardStop { get; set; }

    public DateTimeOffset SetAt { get; set; }

    public required string SetById { get; set; }
}
