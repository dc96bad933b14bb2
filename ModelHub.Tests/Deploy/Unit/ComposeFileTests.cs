using System.Text.RegularExpressions;

namespace ModelHub.Tests.Deploy.Unit;

/// <summary>
/// Keeps <c>deploy/compose.yaml</c> honest, since no test can run Docker here: both instances take the settings the
/// distributed test uses (<c>instance.env</c>), run the repository's image with its healthcheck, share one data folder,
/// and the proxy routes to both with sticky sessions.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string[] Instances = ["modelhub-1", "modelhub-2"];

    private readonly ComposeFile compose = ComposeFile.Load(RepositoryFiles.PathOf("deploy", "compose.yaml"));

    private readonly DockerfileInstructions dockerfile = DockerfileInstructions.Load(RepositoryFiles.PathOf("Dockerfile"));

    [Fact]
    public void Both_instances_take_the_shared_settings_from_instance_env_and_set_only_addresses_and_secrets_beside_it()
    {
        var shared = EnvFile.Load(RepositoryFiles.PathOf("deploy", "instance.env")).Select(setting => setting.Key).ToList();
        foreach (var name in Instances)
        {
            var service = compose.Service(name);
            Assert.Equal("instance.env", ComposeFile.Scalar(service, "env_file"));
            var beside = ComposeFile.Environment(service).Keys.ToList();
            Assert.All(beside, key => Assert.Contains(key, DeploymentKeys.Addresses.Concat(DeploymentKeys.Secrets)));
            Assert.Empty(beside.Intersect(shared, StringComparer.OrdinalIgnoreCase));
        }

        Assert.Equal(ComposeFile.Environment(compose.Service(Instances[0])), ComposeFile.Environment(compose.Service(Instances[1])));
    }

    [Fact]
    public void Secrets_are_taken_from_the_operators_environment_never_written_in_the_file()
    {
        foreach (var name in Instances)
        {
            var environment = ComposeFile.Environment(compose.Service(name));
            Assert.All(DeploymentKeys.Secrets, key => Assert.Matches(Interpolation(), environment[key]));
            Assert.Matches(@"Password=\$\{POSTGRES_PASSWORD[:?}]", environment["ConnectionStrings__ModelHub"]);
        }

        Assert.Matches(Interpolation(), ComposeFile.Environment(compose.Service("postgres"))["POSTGRES_PASSWORD"]);
        Assert.Contains("deploy/.env", File.ReadAllLines(RepositoryFiles.PathOf(".gitignore")));
        Assert.Contains("deploy/.env", File.ReadAllLines(RepositoryFiles.PathOf(".dockerignore")));
    }

    [Fact]
    public void Both_instances_run_the_image_built_from_the_repository_Dockerfile()
    {
        foreach (var name in Instances)
        {
            var build = ComposeFile.Mapping(compose.Service(name), "build")!;
            var context = Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf("deploy"), ComposeFile.Scalar(build, "context")!));
            Assert.Equal(RepositoryFiles.Root, context.TrimEnd(Path.DirectorySeparatorChar));
            Assert.True(File.Exists(Path.Combine(context, ComposeFile.Scalar(build, "dockerfile")!)));
        }

        Assert.Equal(ComposeFile.Scalar(compose.Service(Instances[0]), "image"), ComposeFile.Scalar(compose.Service(Instances[1]), "image"));
    }

    [Fact]
    public void Both_instances_mount_one_shared_volume_at_the_images_data_folder()
    {
        var dataFolder = dockerfile.FinalEnv("ModelHub__DataFolder");
        Assert.Equal("/data", dataFolder);
        Assert.Contains(dockerfile.Final("VOLUME"), volume => volume.Arguments == dataFolder);
        var sources = Instances
            .Select(name => Assert.Single(ComposeFile.Mounts(compose.Service(name)), mount => mount.Target == dataFolder).Source)
            .Distinct()
            .ToList();
        var shared = Assert.Single(sources);
        Assert.Contains(shared, compose.TopLevel("volumes"));
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_on_port_8080_with_a_healthcheck_on_healthz_that_compose_keeps()
    {
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Assert.Single(dockerfile.Final("FROM")).Arguments);
        Assert.Equal("$APP_UID", Assert.Single(dockerfile.Final("USER")).Arguments);
        Assert.Equal("8080", Assert.Single(dockerfile.Final("EXPOSE")).Arguments);
        Assert.Contains("GET /healthz ", string.Join(' ', dockerfile.HealthcheckCommand()));
        Assert.All(Instances, name => Assert.Null(ComposeFile.Mapping(compose.Service(name), "healthcheck")));
    }

    [Fact]
    public void The_proxy_routes_to_both_instances_with_sticky_sessions_and_passes_websockets_through()
    {
        var proxy = compose.Service("proxy");
        Assert.StartsWith("caddy:", ComposeFile.Scalar(proxy, "image"));
        var config = Assert.Single(ComposeFile.Mounts(proxy), mount => mount.Target == "/etc/caddy/Caddyfile").Source;
        var caddyfile = Path.Combine(RepositoryFiles.PathOf("deploy"), config);
        Assert.True(File.Exists(caddyfile), $"{caddyfile} is missing.");
        var directives = File.ReadAllLines(caddyfile).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

        var upstreams = Assert.Single(directives, line => line.StartsWith("reverse_proxy ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1];
        var port = Assert.Single(dockerfile.Final("EXPOSE")).Arguments;
        Assert.Equal(Instances.Select(name => $"{name}:{port}"), upstreams);
        Assert.Contains(directives, line => line.StartsWith("lb_policy cookie", StringComparison.Ordinal));
        // Caddy passes the Upgrade/Connection handshake through unless a header_up removes it.
        Assert.DoesNotContain(directives, line => Regex.IsMatch(line, @"header_up\s+-(Upgrade|Connection)", RegexOptions.IgnoreCase));

        var proxyAddress = ComposeFile.Scalar(ComposeFile.Mapping(ComposeFile.Mapping(proxy, "networks")!, "modelhub")!, "ipv4_address");
        Assert.All(Instances, name => Assert.Equal(proxyAddress, ComposeFile.Environment(compose.Service(name))["ModelHub__ReverseProxy__KnownProxies__0"]));
        Assert.Contains("443:443", ComposeFile.Sequence(proxy, "ports"));
    }

    /// <summary>A compose interpolation such as <c>${HOLYSHEEP_API_KEY:?...}</c> or <c>${MODELHUB_METRICS_TOKEN:-}</c>, and nothing else.</summary>
    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*(:?[-?][^}]*)?\}$")]
    private static partial Regex Interpolation();
}
