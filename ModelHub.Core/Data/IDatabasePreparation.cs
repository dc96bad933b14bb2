namespace ModelHub.Core.Data;

/// <summary>A provider's set-up of the database itself, run at start-up before the migrations.</summary>
public interface IDatabasePreparation
{
    Task PrepareAsync(ModelHubDbContext db, CancellationToken ct);
}
