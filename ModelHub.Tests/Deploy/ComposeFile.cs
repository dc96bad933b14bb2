using YamlDotNet.RepresentationModel;

namespace ModelHub.Tests.Deploy;

/// <summary>Read access to <c>deploy/compose.yaml</c>: services, their settings, mounts and the top-level volumes.</summary>
internal sealed class ComposeFile(YamlMappingNode root)
{
    public static ComposeFile Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(path);
        yaml.Load(reader);
        return new ComposeFile((YamlMappingNode)yaml.Documents[0].RootNode);
    }

    public YamlMappingNode Service(string name) =>
        Mapping(Services, name) ?? throw new Xunit.Sdk.XunitException($"compose.yaml has no service '{name}'.");

    private YamlMappingNode Services => Mapping(root, "services") ?? throw new Xunit.Sdk.XunitException("compose.yaml has no services.");

    public IEnumerable<string> TopLevel(string section) =>
        Mapping(root, section)?.Children.Keys.Select(key => ((YamlScalarNode)key).Value!) ?? [];

    public static YamlMappingNode? Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;

    public static IReadOnlyList<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode sequence
            ? sequence.Children.Select(item => ((YamlScalarNode)item).Value!).ToList()
            : [];

    /// <summary>A service's <c>environment</c> in mapping form.</summary>
    public static IReadOnlyDictionary<string, string> Environment(YamlMappingNode service) =>
        Mapping(service, "environment")?.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "")
        ?? new Dictionary<string, string>();

    /// <summary>A service's short-syntax <c>volumes</c> as (source, target) pairs.</summary>
    public static IReadOnlyList<(string Source, string Target)> Mounts(YamlMappingNode service) =>
        Sequence(service, "volumes").Select(volume => volume.Split(':')).Select(parts => (parts[0], parts[1])).ToList();
}
