using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Core.Registry;

/// <summary>What <c>model/alias</c> points at now, with its ETag and the JSON body the resolve API sends.</summary>
public sealed record AliasResolution(string Model, string Alias, int Version, string ProviderModelId, ModelStage Stage, DateTimeOffset Since)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Quoted strong ETag of (version, stage, provider model id, since): equal content, equal tag, on every instance.</summary>
    [JsonIgnore]
    public string ETag { get; } = MakeETag(Model, Alias, Version, ProviderModelId, Stage, Since);

    /// <summary>The response body, serialized once so the hot path only copies bytes.</summary>
    [JsonIgnore]
    public byte[] Utf8Json => utf8Json ??= JsonSerializer.SerializeToUtf8Bytes(
        new { model = Model, alias = Alias, version = Version, providerModelId = ProviderModelId, stage = Stage, since = Since }, Json);

    private byte[]? utf8Json;

    private static string MakeETag(string model, string alias, int version, string providerModelId, ModelStage stage, DateTimeOffset since)
    {
        var text = $"{model}\n{alias}\n{version}\n{providerModelId}\n{stage}\n{since.UtcTicks}";
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12)) + "\"";
    }
}
