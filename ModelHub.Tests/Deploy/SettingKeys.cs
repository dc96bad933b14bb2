using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ModelHub.Core.Common;
using ModelHub.Web.Hosting;

namespace ModelHub.Tests.Deploy;

/// <summary>
/// Whether ModelHub reads a setting, so that a misspelt key in a deployment file fails a test instead of being ignored
/// in production. A key is read when it is (1) a property path of an options class (a type with a
/// <c>const string Section</c>, bound with the configuration binder: nested objects, arrays by index, dictionaries by
/// key), (2) a key ModelHub reads by name through a constant (<c>"ModelHub:Logging:Json"</c>), (3) one of the reverse-proxy
/// lists or (4) a host or OpenTelemetry variable the framework reads.
/// </summary>
internal static partial class SettingKeys
{
    private static readonly Assembly[] ModelHubAssemblies = [typeof(ModelHubOptions).Assembly, typeof(Program).Assembly];

    private static readonly string[] FrameworkKeys =
    [
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS",
        "ConnectionStrings:ModelHub",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TIMEOUT",
        "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
    ];

    // TransportSecurity reads these lists by name (no options class: they are parsed into ForwardedHeadersOptions).
    private static readonly string[] ReverseProxyLists = ["KnownProxies", "KnownNetworks"];

    private static readonly Lazy<IReadOnlyList<(string Section, Type Type)>> OptionsTypes = new(FindOptionsTypes);

    private static readonly Lazy<HashSet<string>> NamedKeys = new(FindNamedKeys);

    /// <summary>Whether ModelHub reads <paramref name="environmentKey"/> (environment-variable form, <c>__</c> for <c>:</c>).</summary>
    public static bool IsRead(string environmentKey)
    {
        var key = environmentKey.Replace("__", ":", StringComparison.Ordinal);
        if (FrameworkKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || NamedKeys.Value.Contains(key))
        {
            return true;
        }

        var segments = key.Split(':');
        if (key.StartsWith(TransportSecurity.Section + ":", StringComparison.OrdinalIgnoreCase))
        {
            var rest = segments[TransportSecurity.Section.Split(':').Length..];
            if (rest is [var list, var index] && ReverseProxyLists.Contains(list, StringComparer.OrdinalIgnoreCase) && IsIndex(index)
                || rest is [var limit] && limit.Equals("ForwardLimit", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return OptionsTypes.Value.Any(options =>
            key.StartsWith(options.Section + ":", StringComparison.OrdinalIgnoreCase)
            && Binds(options.Type, segments, options.Section.Split(':').Length));
    }

    private static bool Binds(Type type, string[] path, int at)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            return at == path.Length;
        }

        if (at == path.Length)
        {
            return false;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return Binds(valueType, path, at + 1);
        }

        if (ElementType(type) is { } elementType)
        {
            return IsIndex(path[at]) && Binds(elementType, path, at + 1);
        }

        var property = type.GetProperty(path[at], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null
            && (property.CanWrite || !IsScalar(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType))
            && Binds(property.PropertyType, path, at + 1);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);

    private static Type? DictionaryValueType(Type type) =>
        SelfAndInterfaces(type)
            .Where(candidate => candidate.IsGenericType
                && candidate.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
                && candidate.GetGenericArguments()[0] == typeof(string))
            .Select(candidate => candidate.GetGenericArguments()[1])
            .FirstOrDefault();

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : SelfAndInterfaces(type)
                .Where(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Select(candidate => candidate.GetGenericArguments()[0])
                .FirstOrDefault();

    private static IEnumerable<Type> SelfAndInterfaces(Type type) => [type, .. type.GetInterfaces()];

    private static bool IsIndex(string segment) => int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static IEnumerable<FieldInfo> StringConstants() =>
        ModelHubAssemblies.SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string));

    private static IReadOnlyList<(string Section, Type Type)> FindOptionsTypes() =>
        StringConstants()
            .Where(field => field.Name == "Section" && field.DeclaringType!.GetProperties(BindingFlags.Public | BindingFlags.Instance).Length > 0)
            .Select(field => ((string)field.GetRawConstantValue()!, field.DeclaringType!))
            .ToList();

    private static HashSet<string> FindNamedKeys() =>
        StringConstants()
            .Where(field => field.Name != "Section")
            .Select(field => (string)field.GetRawConstantValue()!)
            .Where(value => ConfigurationKeyShape().IsMatch(value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Pascal-case segments joined by colons, as in <c>ModelHub:Metrics:ScrapeToken</c>.</summary>
    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(:[A-Z][A-Za-z0-9]*)+$")]
    private static partial Regex ConfigurationKeyShape();
}
