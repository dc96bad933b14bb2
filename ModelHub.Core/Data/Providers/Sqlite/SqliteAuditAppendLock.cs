using ModelHub.Core.Audit;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>
/// On SQLite the audited transaction begins immediate, which takes the database's one write lock: nothing more to take.
/// Another process on the same file is caught by the unique sequence index (see <see cref="AuditLog"/>).
/// </summary>
internal sealed class SqliteAuditAppendLock : IAuditAppendLock
{
    public bool TailStaysWithThisProcess => true;

    public Task<AuditTail?> AcquireAsync(ModelHubDbContext db, CancellationToken ct) => Task.FromResult<AuditTail?>(null);
}
