using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>
/// Copies the SQLite write-ahead log into the database file every second, on its own connection. Left to SQLite, the
/// commit that happens to fill the log does this copying (and its fsyncs) itself, while it holds the write lock, so
/// every writer queued behind it waits too. A passive checkpoint never blocks readers or writers.
/// </summary>
public sealed class WalCheckpointer(IDbContextFactory<ModelHubDbContext> dbFactory, TimeProvider time, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick tries again; SQLite's own checkpoint (at a larger log size) is the safety net.
                    logger.LogWarning(e, "The SQLite checkpoint failed; retrying in {Interval}.", Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
