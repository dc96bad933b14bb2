using ModelHub.Core.Backup;

namespace ModelHub.Core.Data.Providers.Postgres;

/// <summary>A PostgreSQL database is backed up by its DBA's tools, not by ModelHub.</summary>
internal sealed class PostgresDatabaseSnapshot : IDatabaseSnapshot
{
    public string? UnavailableReason =>
        "ModelHub's backup copies a SQLite database; this instance runs on PostgreSQL, so back up the database with pg_dump " +
        "(or your DBA's tooling) and copy the data folder's datasets/ and settings/ folders.";

    public Task<long> WriteAsync(string destination, CancellationToken ct) => throw new InvalidOperationException(UnavailableReason);
}
