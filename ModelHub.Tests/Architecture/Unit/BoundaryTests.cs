using System.Reflection;
using ModelHub.Core.Common;
using ModelHub.Web.Endpoints;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Architecture.Unit;

/// <summary>The boundaries DESIGN.md draws, checked on the compiled assemblies so a new reference across one fails the build's tests.</summary>
public sealed class BoundaryTests
{
    private static readonly Assembly Core = typeof(Error).Assembly;
    private static readonly Assembly Web = typeof(Problems).Assembly;

    private static readonly string[] Simulator = ["ModelHub.Core.Simulator", "ModelHub.Web.Simulator"];
    private static readonly string[] Features = ["ModelHub.Core.Registry", "ModelHub.Core.FineTuning", "ModelHub.Core.Promotions", "ModelHub.Core.Datasets"];

    [Fact]
    public void The_simulator_does_not_use_ModelHubs_features() =>
        AssertNoReferences([Core, Web], users: Simulator, used: Features);

    [Fact]
    public void ModelHubs_features_do_not_use_the_simulator() =>
        AssertNoReferences([Core], users: Features, used: Simulator);

    [Fact]
    public void Pages_and_endpoints_do_not_use_the_data_layer() =>
        AssertNoReferences([Web], users: ["ModelHub.Web.Components", "ModelHub.Web.Endpoints"], used: ["ModelHub.Core.Data"]);

    [Fact]
    public void Core_does_not_reference_the_web_host()
    {
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name == Web.GetName().Name);
        AssertNoReferences([Core], users: ["ModelHub.Core"], used: ["ModelHub.Web"]);
    }

    [Fact]
    public void The_cli_speaks_http_and_references_neither_core_nor_the_web_host()
    {
        var cli = typeof(ModelHub.Cli.ModelHubCli).Assembly;
        Assert.DoesNotContain(cli.GetReferencedAssemblies(), a => a.Name == Core.GetName().Name || a.Name == Web.GetName().Name);
        AssertNoReferences([cli], users: ["ModelHub.Cli"], used: ["ModelHub.Core", "ModelHub.Web"]);
    }

    private static void AssertNoReferences(Assembly[] assemblies, string[] users, string[] used)
    {
        var violations = (
            from type in assemblies.SelectMany(a => a.GetTypes())
            where In(type.Namespace, users)
            from reference in TypeReferences.Of(type)
            where In(reference.Namespace, used)
            select $"{type.FullName} -> {reference.FullName}").Distinct().Order().ToList();

        Assert.True(violations.Count == 0, $"{violations.Count} forbidden reference(s):\n{string.Join("\n", violations)}");
    }

    private static bool In(string? ns, string[] roots) =>
        ns is not null && roots.Any(root => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal));
}
