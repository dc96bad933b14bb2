using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModelHub.Core.Audit;

/// <summary>The hash that chains audit entries: SHA-256 over a canonical serialisation of every field but the hash itself.</summary>
public static class AuditHash
{
    /// <summary>The <see cref="AuditEntry.PreviousHash"/> of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// A JSON array with a fixed order and a version tag: JSON escaping makes field boundaries unambiguous
    /// and keeps null apart from "", and the time is UTC ticks so no format or offset can change it.
    /// </summary>
    public static byte[] Canonical(AuditEntry e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue("modelhub-audit-v1");
            json.WriteStringValue(e.Id.ToString("D"));
            json.WriteNumberValue(e.Sequence);
            json.WriteNumberValue(e.At.UtcTicks);
            WriteNullable(json, e.ActorId);
            json.WriteStringValue(e.ActorName);
            json.WriteStringValue(e.Action);
            json.WriteStringValue(e.ObjectType);
            json.WriteStringValue(e.ObjectId);
            WriteNullable(json, e.ObjectName);
            WriteNullable(json, e.Before);
            WriteNullable(json, e.After);
            WriteNullable(json, e.Reason);
            json.WriteStringValue(e.PreviousHash);
            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Lower-hex SHA-256 of <see cref="Canonical"/>.</summary>
    public static string Compute(AuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Canonical(entry)));

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
