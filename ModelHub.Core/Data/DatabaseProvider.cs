namespace ModelHub.Core.Data;

/// <summary>The database engines ModelHub runs on; each keeps its migrations and tuning under Data/Providers.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
