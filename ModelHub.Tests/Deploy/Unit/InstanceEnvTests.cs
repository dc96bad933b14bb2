namespace ModelHub.Tests.Deploy.Unit;

/// <summary>
/// <c>deploy/instance.env</c> is applied as-is to every instance (compose and the distributed test): a key ModelHub does
/// not read would be silently ignored in production, so each one must be a setting ModelHub reads.
/// </summary>
public sealed class InstanceEnvTests
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> settings = EnvFile.Load(RepositoryFiles.PathOf("deploy", "instance.env"));

    [Fact]
    public void Every_key_in_instance_env_is_a_setting_ModelHub_reads()
    {
        Assert.NotEmpty(settings);
        var unread = settings.Select(setting => setting.Key).Where(key => !SettingKeys.IsRead(key)).ToList();
        Assert.True(unread.Count == 0, $"ModelHub reads no setting named {string.Join(", ", unread)}.");
    }

    [Fact]
    public void Instance_env_holds_no_address_and_no_secret()
    {
        var keys = settings.Select(setting => setting.Key).ToList();
        Assert.Empty(keys.Intersect(DeploymentKeys.Addresses.Concat(DeploymentKeys.Secrets), StringComparer.OrdinalIgnoreCase));
        Assert.DoesNotContain(keys, key => key.StartsWith("ModelHub__Bootstrap__", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("Simulator__Enabled")]
    [InlineData("ModelHub__DataFolder")]
    [InlineData("ModelHub__Database__Synchronous")]
    [InlineData("ModelHub__Audit__AnchorIntervalSeconds")]
    [InlineData("Pricing__Models__gpt-4o__Input")]
    [InlineData("ModelHub__Logging__Json")]
    [InlineData("ModelHub__Metrics__ScrapeToken")]
    [InlineData("ModelHub__DataProtection__CertificatePath")]
    [InlineData("ModelHub__ReverseProxy__KnownNetworks__1")]
    [InlineData("ModelHub__ReverseProxy__ForwardLimit")]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void Settings_ModelHub_binds_or_reads_by_name_are_recognised(string key) => Assert.True(SettingKeys.IsRead(key), key);

    [Theory]
    [InlineData("Simulator__Enabeld")]
    [InlineData("ModelHub__Databse__Synchronous")]
    [InlineData("ModelHub__DataFolder__Path")]
    [InlineData("ModelHub__Audit")]
    [InlineData("ModelHub__ReverseProxy__KnownProxies")]
    [InlineData("ModelHub__ReverseProxy__KnownProxies__first")]
    [InlineData("ModelHub__Logging__Jsn")]
    [InlineData("Pricing__Models")]
    public void A_misspelt_or_incomplete_key_is_not_recognised(string key) => Assert.False(SettingKeys.IsRead(key), key);
}
