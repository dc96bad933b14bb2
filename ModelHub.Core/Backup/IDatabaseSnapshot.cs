namespace ModelHub.Core.Backup;

/// <summary>The database's part of a backup: a consistent copy taken while ModelHub keeps writing, if the provider can make one.</summary>
public interface IDatabaseSnapshot
{
    /// <summary>Why this database cannot be backed up by ModelHub (null when it can); shown to Admins as is.</summary>
    string? UnavailableReason { get; }

    /// <summary>Writes the copy to <paramref name="destination"/> and returns the last audit sequence it holds (0 when none).</summary>
    Task<long> WriteAsync(string destination, CancellationToken ct);
}
