using System.Text.Json;

namespace ModelHub.Core.Audit;

/// <summary>What a use case says about its change; <see cref="AuditLog"/> turns it into a chained <see cref="AuditEntry"/>.</summary>
/// <param name="Actor">Who made the change.</param>
/// <param name="Action">A code from <see cref="AuditActions"/>.</param>
/// <param name="ObjectType">A type from <see cref="AuditObjects"/>.</param>
/// <param name="ObjectId">The changed object's id.</param>
/// <param name="ObjectName">The object's display name, if it has one.</param>
public sealed record AuditRecord(Actor Actor, string Action, string ObjectType, string ObjectId, string? ObjectName = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Small JSON of the state before; never a secret.</summary>
    public string? Before { get; init; }

    /// <summary>Small JSON of the state after; never a secret.</summary>
    public string? After { get; init; }

    public string? Reason { get; init; }

    /// <summary>Serialises a small anonymous object as camel-case JSON for <see cref="Before"/> or <see cref="After"/>.</summary>
    public static string? ToJson(object? state) => state is null ? null : JsonSerializer.Serialize(state, Json);
}
