using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Realtime;

/// <summary>
/// Hub connections that authenticated with an access token. A connection outlives the request that authenticated it,
/// so the token is checked again on every hub call and by <see cref="HubTokenSweep"/>; a revoked or expired token ends it.
/// </summary>
internal sealed class HubTokenSessions(AccessTokenValidator validator, TimeProvider time) : IHubFilter
{
    private readonly ConcurrentDictionary<string, Session> sessions = new();

    private sealed record Session(int TokenId, DateTimeOffset ExpiresAt, HubCallerContext Connection);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var user = context.Context.User;
        if (user?.FindFirst(ModelHubClaims.AccessTokenId)?.Value is { } id
            && user.FindFirst(ModelHubClaims.AccessTokenExpires)?.Value is { } expires)
        {
            sessions[context.Context.ConnectionId] = new Session(
                int.Parse(id, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                context.Context);
        }

        await next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (sessions.TryGetValue(invocation.Context.ConnectionId, out var session)
            && (await InactiveAsync([session], invocation.Context.ConnectionAborted)).Count > 0)
        {
            End(invocation.Context.ConnectionId, session);
            throw new HubException("The access token of this connection was revoked or has expired; connect again with a valid token.");
        }

        return await next(invocation);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        sessions.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    /// <summary>Closes every connection whose token is no longer usable; returns how many were closed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var current = sessions.ToArray();
        var inactive = await InactiveAsync([.. current.Select(s => s.Value)], ct);
        var closed = 0;
        foreach (var (connectionId, session) in current.Where(s => inactive.Contains(s.Value)))
        {
            End(connectionId, session);
            closed++;
        }

        return closed;
    }

    private async Task<HashSet<Session>> InactiveAsync(IReadOnlyList<Session> candidates, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expired = candidates.Where(s => s.ExpiresAt <= now).ToHashSet();
        var revokedIds = await validator.InactiveAsync([.. candidates.Except(expired).Select(s => s.TokenId).Distinct()], ct);
        expired.UnionWith(candidates.Where(s => revokedIds.Contains(s.TokenId)));
        return expired;
    }

    private void End(string connectionId, Session session)
    {
        sessions.TryRemove(connectionId, out _);
        session.Connection.Abort();
    }
}
