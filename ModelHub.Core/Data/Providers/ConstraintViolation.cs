using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ModelHub.Core.Data.Providers;

/// <summary>Recognises a save refused by a constraint (unique index, foreign key, check) on either provider.</summary>
public static class ConstraintViolation
{
    // SQLite's primary result code 19 is SQLITE_CONSTRAINT; PostgreSQL's SQLSTATE class 23 is "integrity constraint violation".
    private const int SqliteConstraint = 19;

    /// <summary>Whether <paramref name="failure"/> is a constraint refusing the save, rather than a broken database or connection.</summary>
    public static bool Is(DbUpdateException failure) => failure.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        PostgresException postgres => postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        _ => false,
    };
}
