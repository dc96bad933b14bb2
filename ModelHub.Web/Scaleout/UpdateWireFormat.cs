using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Realtime;

namespace ModelHub.Web.Scaleout;

/// <summary>An update as it travels between instances: which instance published it, and the update.</summary>
internal sealed record UpdateEnvelope(string Origin, Update Update);

/// <summary>
/// The JSON of updates on Redis. Each update type has an explicit, stable discriminator (never the CLR name, so a rename
/// does not break a rolling deploy); an instance ignores discriminators it does not know, such as those of a newer version.
/// </summary>
internal static class UpdateWireFormat
{
    /// <summary>Every update type that crosses instances; a test checks that none is missing.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Discriminators = new Dictionary<Type, string>
    {
        [typeof(JobChanged)] = "job-changed",
        [typeof(JobEventsAdded)] = "job-events-added",
        [typeof(JobMetricsAdded)] = "job-metrics-added",
        [typeof(JobEnded)] = "job-ended",
        [typeof(ModelVersionRegistered)] = "model-version-registered",
        [typeof(ModelAliasChanged)] = "model-alias-changed",
        [typeof(ModelStageChanged)] = "model-stage-changed",
        [typeof(ProductionRolledBack)] = "production-rolled-back",
        [typeof(PromotionRequestsChanged)] = "promotion-requests-changed",
        [typeof(GateRunChanged)] = "gate-run-changed",
        [typeof(CanaryChanged)] = "canary-changed",
        [typeof(ModelVersionDetailsChanged)] = "model-version-details-changed",
        [typeof(BudgetChanged)] = "budget-changed",
        [typeof(AccessTokenRevoked)] = "access-token-revoked",
        [typeof(UserAccessChanged)] = "user-access-changed",
    };

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowOutOfOrderMetadataProperties = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DeclareUpdateTypes } },
    };

    public static string Write(UpdateEnvelope envelope) => JsonSerializer.Serialize(envelope, Options);

    /// <summary>The envelope, or null when the message is not one this version understands.</summary>
    public static UpdateEnvelope? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<UpdateEnvelope>(json, Options) is { Origin: not null, Update: not null } envelope ? envelope : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Whether this version can send <paramref name="update"/> to other instances.</summary>
    public static bool IsKnown(Update update) => Discriminators.ContainsKey(update.GetType());

    private static void DeclareUpdateTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(Update))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "$type",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var (type, discriminator) in Discriminators)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, discriminator));
        }
    }
}
