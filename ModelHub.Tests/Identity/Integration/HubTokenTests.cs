using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;
using ModelHub.Web.Realtime;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>The jobs hub with a real SignalR client: a bounded number of groups, and no life after the token's.</summary>
public sealed class HubTokenTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly ModelHubFactory app;
    private readonly List<HubConnection> connections = [];
    private UserSummary user = null!;

    public HubTokenTests() => app = new ModelHubFactory(realHttp: true) { Time = time };

    public async Task InitializeAsync() => user = await app.CreateUserAsync("engineer@example.com", "hub-password-2026", Roles.Engineer);

    public async Task DisposeAsync()
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_follows_at_most_the_group_limit()
    {
        var (hub, _) = await ConnectAsync(await app.IssueTokenAsync(user.Id));

        for (var job = 1; job <= JobsHub.MaxGroupsPerConnection; job++)
        {
            await hub.InvokeAsync("FollowJob", job.ToString(CultureInfo.InvariantCulture));
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("FollowModel", "one-too-many"));
        Assert.Contains($"at most {JobsHub.MaxGroupsPerConnection}", refused.Message);
        await hub.InvokeAsync("FollowJob", "1");
        await hub.InvokeAsync("UnfollowJob", "1");
        await hub.InvokeAsync("FollowModel", "one-too-many");
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("FollowJob", new string('x', JobsHub.MaxKeyLength + 1)));
    }

    [Fact]
    public async Task A_revoked_tokens_connection_is_closed_on_its_next_call()
    {
        var token = await app.IssueTokenAsync(user.Id);
        var (hub, closed) = await ConnectAsync(token);
        await hub.InvokeAsync("FollowJob", "1");

        await RevokeAllAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync("FollowJob", "2"));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_silent_connection_is_closed_once_its_token_is_revoked_or_has_expired()
    {
        var (revoked, revokedClosed) = await ConnectAsync(await app.IssueTokenAsync(user.Id, days: 30));
        await RevokeAllAsync();
        var (expiring, expiringClosed) = await ConnectAsync(await app.IssueTokenAsync(user.Id, days: 1));
        var (valid, validClosed) = await ConnectAsync(await app.IssueTokenAsync(user.Id, days: 30));

        time.Advance(HubTokenSweep.Period + TimeSpan.FromSeconds(1));
        await revokedClosed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HubConnectionState.Connected, expiring.State);

        time.Advance(TimeSpan.FromDays(1));
        await expiringClosed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(validClosed.Task.IsCompleted);
        await valid.InvokeAsync("FollowJob", "1");
        Assert.Equal(HubConnectionState.Disconnected, revoked.State);
    }

    private async Task RevokeAllAsync()
    {
        var tokens = app.Services.GetRequiredService<AccessTokens>();
        foreach (var token in (await tokens.ListAsync(user.Id)).Where(t => t.IsActive))
        {
            Assert.True((await tokens.RevokeAsync(user.Id, token.Id, Actor.System)).Succeeded);
        }
    }

    private async Task<(HubConnection Hub, TaskCompletionSource Closed)> ConnectAsync(string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.ServerAddress, JobsHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        connections.Add(hub);
        await hub.StartAsync();
        return (hub, closed);
    }
}
