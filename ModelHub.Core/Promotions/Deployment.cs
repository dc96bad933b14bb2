namespace ModelHub.Core.Promotions;

/// <summary>How a version came to serve production.</summary>
public static class DeploymentKind
{
    public const string Promotion = "promotion";
    public const string Rollback = "rollback";
}

/// <summary>One period during which a version served production; <see cref="To"/> is null for the current one.</summary>
public sealed class Deployment
{
    public long Id { get; set; }

    public int RegisteredModelId { get; set; }

    public int ModelVersionId { get; set; }

    public required string ProviderModelId { get; set; }

    public DateTimeOffset From { get; set; }

    public DateTimeOffset? To { get; set; }

    public required string ById { get; set; }

    public string? Reason { get; set; }

    /// <summary>See <see cref="DeploymentKind"/>.</summary>
    public required string Kind { get; set; }
}
