using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;

namespace ModelHub.Core.Data.Providers.Postgres;

/// <summary>
/// A transaction-level advisory lock: every instance's audited write waits for it at the start of its transaction, and
/// PostgreSQL releases it at commit or rollback (also when the instance dies). Audited changes are serialised across
/// instances as SQLite's write lock serialises them in one process, and each reads the chain's tail under the lock.
/// </summary>
internal sealed class PostgresAuditAppendLock : IAuditAppendLock
{
    /// <summary>The advisory lock key of the audit chain ("MHAUDIT1" in ASCII); other ModelHub locks use other keys.</summary>
    public const long Key = 0x4D48_4155_4449_5431;

    public bool TailStaysWithThisProcess => false;

    public async Task AcquireAsync(ModelHubDbContext db, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Key})", ct);
}
