using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Webhooks;

/// <summary>
/// Writes events into the outbox inside the caller's transaction, and wakes the dispatcher once that transaction has
/// committed, so delivery starts within moments instead of at the next poll.
/// </summary>
public sealed class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // One pending wake-up is enough: the dispatcher reads every due row when it wakes.
    private readonly WakeUpSignal wakeUp = new();

    /// <summary>Adds an event to <paramref name="db"/>; it is saved (or rolled back) with the caller's change.</summary>
    public static WebhookEvent Add(ModelHubDbContext db, string type, DateTimeOffset at, object data)
    {
        var row = new WebhookEvent { Id = Guid.CreateVersion7(at), Type = type, OccurredAt = at, Data = JsonSerializer.Serialize(data, Json) };
        db.WebhookEvents.Add(row);
        return row;
    }

    /// <summary>Adds the event an audited change stands for, if it stands for one; its data carries the entry's facts.</summary>
    public static bool AddFor(ModelHubDbContext db, AuditEntry entry)
    {
        if (WebhookEventTypes.ForAuditAction(entry.Action) is not { } type)
        {
            return false;
        }

        Add(db, type, entry.At, new
        {
            objectType = entry.ObjectType,
            objectId = entry.ObjectId,
            objectName = entry.ObjectName,
            actor = entry.ActorName,
            before = Parse(entry.Before),
            after = Parse(entry.After),
            reason = entry.Reason,
            auditSequence = entry.Sequence,
        });
        return true;
    }

    /// <summary>Tells the dispatcher that new events committed; call it only after the commit.</summary>
    public void Signal() => wakeUp.Signal();

    /// <summary>Waits for a <see cref="Signal"/> or until <paramref name="timeout"/> passes on <paramref name="time"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct) => wakeUp.WaitAsync(timeout, time, ct);

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
