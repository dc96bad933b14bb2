using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ModelHub.Core.Audit;

namespace ModelHub.Core.Data.Providers.Postgres;

/// <summary>
/// A transaction-level advisory lock: every instance's audited write waits for it at the start of its transaction, and
/// PostgreSQL releases it at commit or rollback (also when the instance dies). Audited changes are serialised across
/// instances as SQLite's write lock serialises them in one process, and each reads the chain's tail under the lock.
/// </summary>
/// <remarks>
/// The lock and the tail go in one command of two statements: one round trip fewer while every other writer waits.
/// In READ COMMITTED each statement takes its own snapshot when it starts, so the tail is read after the lock is
/// granted and sees every entry committed before it.
/// </remarks>
internal sealed class PostgresAuditAppendLock : IAuditAppendLock
{
    /// <summary>The advisory lock key of the audit chain ("MHAUDIT1" in ASCII); other ModelHub locks use other keys.</summary>
    public const long Key = 0x4D48_4155_4449_5431;

    // Built once from the model (a benign race: every thread builds the same text).
    private string? lockAndTail;

    public bool TailStaysWithThisProcess => false;

    public async Task<AuditTail?> AcquireAsync(ModelHubDbContext db, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("The audit lock is taken inside the audited write's transaction.");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = lockAndTail ??= $"SELECT pg_advisory_xact_lock({Key}); {TailQuery(db)}";
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.Default, ct);
        if (!await reader.NextResultAsync(ct))
        {
            throw new InvalidOperationException("The audit tail query returned no result set.");
        }

        return await reader.ReadAsync(ct) ? new AuditTail(reader.GetInt64(0), reader.GetString(1)) : AuditTail.Empty;
    }

    private static string TailQuery(ModelHubDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(AuditEntry))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var sequence = Column(nameof(AuditEntry.Sequence));
        return $"SELECT {sequence}, {Column(nameof(AuditEntry.Hash))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} ORDER BY {sequence} DESC LIMIT 1";
    }
}
