using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Scaleout;

/// <summary>
/// Takes, renews and releases leases in the database. Each call is one SaveChanges: an INSERT for a lease nobody
/// held yet (the primary key lets one instance win), otherwise an UPDATE conditioned on the row's
/// <see cref="BackgroundLease.Version"/> — so when two instances race for an expired lease, exactly one write lands.
/// </summary>
public sealed class LeaseStore(IDbContextFactory<ModelHubDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// Takes or renews <paramref name="name"/> for <paramref name="holder"/> until now + <paramref name="ttl"/>; false when
    /// another instance holds it (or won the race). <paramref name="evenIfHeld"/> takes it over from a live holder too.
    /// </summary>
    public async Task<bool> TryHoldAsync(string name, string holder, TimeSpan ttl, bool evenIfHeld, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = await db.BackgroundLeases.SingleOrDefaultAsync(l => l.Name == name, ct);
        if (lease is null)
        {
            db.BackgroundLeases.Add(new BackgroundLease { Name = name, Holder = holder, ExpiresAt = now + ttl, Version = 1 });
        }
        else if (lease.Holder == holder || lease.ExpiresAt <= now || evenIfHeld)
        {
            lease.Holder = holder;
            lease.ExpiresAt = now + ttl;
            lease.Version++;
        }
        else
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance inserted or updated the row first (duplicate key or a changed Version).
            return false;
        }
    }

    /// <summary>Ends <paramref name="holder"/>'s lease now (a clean shutdown), so another instance takes over at its next try.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = await db.BackgroundLeases.SingleOrDefaultAsync(l => l.Name == name && l.Holder == holder, ct);
        if (lease is null)
        {
            return;
        }

        lease.ExpiresAt = time.GetUtcNow();
        lease.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Taken over meanwhile: nothing left to release.
        }
    }

    /// <summary>The lease as stored, or null when nobody has held it yet.</summary>
    public async Task<BackgroundLease?> FindAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BackgroundLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, ct);
    }
}
