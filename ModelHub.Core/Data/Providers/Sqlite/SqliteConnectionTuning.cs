using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>
/// Sets the per-connection SQLite settings once for each physical connection (pooled connections keep them):
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer that finds the database locked waits inside SQLite, which retries within a
/// millisecond or two. Without it Microsoft.Data.Sqlite retries by sleeping 150 ms, so two writers meeting (the job
/// tracker and a promotion, say) would cost one of them 150 ms or more.</item>
/// <item><c>synchronous</c> from <see cref="DatabaseOptions.Synchronous"/>: <c>FULL</c> (default) fsyncs the
/// write-ahead log at every commit, so nothing answered 2xx is lost even to a power cut; <c>NORMAL</c> skips that fsync
/// (a process crash still loses nothing, an operating-system crash or power cut can undo the last commits, each with
/// its audit entry, since they commit together).</item>
/// <item><c>wal_autocheckpoint = 10000</c> pages (about 40 MB): <see cref="WalCheckpointer"/> copies the log every
/// second off the write path; SQLite's own checkpoint, run by whichever commit fills the log, is only the safety net.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionTuning(string synchronous) : DbConnectionInterceptor
{
    // Ten seconds: far longer than any ModelHub transaction holds the write lock.
    private readonly string pragmas = $"PRAGMA busy_timeout = 10000; PRAGMA synchronous = {synchronous}; PRAGMA wal_autocheckpoint = 10000;";

    private static readonly ConditionalWeakTable<object, object> Tuned = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (ShouldTune(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (ShouldTune(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // The native handle outlives the pooled SqliteConnection wrapper, so it identifies the physical connection.
    private static bool ShouldTune(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Tuned.TryAdd(handle, Tuned);
}
