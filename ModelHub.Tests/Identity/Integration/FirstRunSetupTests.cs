using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

public sealed class FirstRunSetupTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new();

    private FirstRunSetup Setup => app.Services.GetRequiredService<FirstRunSetup>();

    // Start the host once, before any test races on it.
    public Task InitializeAsync() => Task.FromResult(app.Services);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Setup_is_required_only_while_no_user_exists()
    {
        Assert.True(await Setup.IsRequiredAsync());
        var admin = await Setup.CreateFirstAdminAsync("first@example.com", "correct-horse-1");
        Assert.True(admin.Succeeded, admin.Error?.Message);
        Assert.Equal([Roles.Admin], admin.Value.Roles);
        Assert.False(await Setup.IsRequiredAsync());

        var second = await Setup.CreateFirstAdminAsync("second@example.com", "correct-horse-2");
        Assert.False(second.Succeeded);
        Assert.Equal("setup-done", second.Error!.Code);
    }

    [Fact]
    public async Task Two_concurrent_setups_create_exactly_one_admin()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Setup.CreateFirstAdminAsync($"admin{i}@example.com", "correct-horse-battery-1"))));

        Assert.Single(attempts, a => a.Succeeded);
        Assert.All(attempts.Where(a => !a.Succeeded), a => Assert.Equal("setup-done", a.Error!.Code));
        var users = await app.Services.GetRequiredService<UserAdministration>().ListAsync();
        Assert.Single(users);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_a_message_and_nothing_is_created()
    {
        var result = await Setup.CreateFirstAdminAsync("first@example.com", "short");
        Assert.False(result.Succeeded);
        Assert.Contains("12", result.Error!.Message);
        Assert.True(await Setup.IsRequiredAsync());
    }
}
