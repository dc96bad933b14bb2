using ModelHub.Core.Data;

namespace ModelHub.Core.Registry;

/// <summary>Sets a model's <see cref="RegisteredModel.UpdatedAt"/> as part of the context's next save.</summary>
internal static class ModelLastChange
{
    /// <summary>
    /// Uses the tracked model when the change loaded it; otherwise attaches a stub whose only modified property is
    /// <see cref="RegisteredModel.UpdatedAt"/>, so the UPDATE rides in the same batch as the change instead of costing
    /// a load or a statement of its own inside the write transaction. Call it last: a tracked query of the same model
    /// afterwards, on the same context, would get the stub back (identity resolution) instead of the stored row.
    /// </summary>
    public static void Set(ModelHubDbContext db, int modelId, DateTimeOffset now)
    {
        if (db.RegisteredModels.Local.FirstOrDefault(m => m.Id == modelId) is { } tracked)
        {
            tracked.UpdatedAt = now;
            return;
        }

        var stub = new RegisteredModel { Id = modelId, Name = "", OwnerId = "" };
        db.RegisteredModels.Attach(stub);
        stub.UpdatedAt = now;
        db.Entry(stub).Property(m => m.UpdatedAt).IsModified = true;
    }
}
