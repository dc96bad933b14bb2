using System.Net;
using ModelHub.Core.Webhooks;

namespace ModelHub.Tests.Webhooks.Unit;

public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.9.10", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Only_public_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void Private_targets_pass_when_allowed()
    {
        Assert.Null(WebhookTargets.CheckUrl("http://127.0.0.1:5000/hook", allowPrivate: true, out var uri));
        Assert.Equal(5000, uri!.Port);
        Assert.NotNull(WebhookTargets.CheckUrl("ftp://127.0.0.1/hook", allowPrivate: true, out _));
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_of_timestamp_dot_body()
    {
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'whsec-test-secret-1234'
        var body = "{\"a\":1}"u8.ToArray();
        var signature = WebhookSignature.Sign("whsec-test-secret-1234", 1700000000, body);

        Assert.Equal("sha256=5c7610047682fe50dac73fd14b2de7d3c803e9b9c46ce13a311c4e0cf88db3af", signature);
        Assert.True(WebhookSignature.Verify("whsec-test-secret-1234", 1700000000, body, signature));
        Assert.False(WebhookSignature.Verify("whsec-test-secret-1234", 1700000001, body, signature));
        Assert.False(WebhookSignature.Verify("another-secret-123456", 1700000000, body, signature));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(12, 3600)]
    [InlineData(40, 3600)]
    public void Backoff_doubles_from_the_first_delay_up_to_the_cap_with_twenty_percent_jitter(int attempts, int seconds)
    {
        var options = new WebhookOptions();

        Assert.Equal(TimeSpan.FromSeconds(seconds * 0.8), WebhookBackoff.After(attempts, options, 0));
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookBackoff.After(attempts, options, 0.5));
        Assert.True(WebhookBackoff.After(attempts, options, 0.999) <= TimeSpan.FromSeconds(seconds * 1.2));
    }
}
