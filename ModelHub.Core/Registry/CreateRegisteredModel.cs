using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Registry;

/// <summary>Registers an empty model by name, before any job trains it.</summary>
public sealed class CreateRegisteredModel(IDbContextFactory<ModelHubDbContext> dbFactory, TimeProvider time)
{
    public async Task<Result<string>> CreateAsync(string? name, string? description, string ownerId, CancellationToken ct = default)
    {
        if (!RegisteredModel.IsValidName(name))
        {
            return Error.Validation($"'{name}' is not a valid model name: use 1–{RegisteredModel.MaxNameLength} lowercase letters, digits, '.', '-' or '_'.", "name");
        }

        if (description is { Length: > 4000 })
        {
            return Error.Validation("The description is longer than 4000 characters.", "description");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.RegisteredModels.AnyAsync(m => m.Name == name, ct))
        {
            return Error.Conflict("model-exists", $"A model named '{name}' already exists.");
        }

        var now = time.GetUtcNow();
        db.RegisteredModels.Add(new RegisteredModel { Name = name!, Description = description, OwnerId = ownerId, CreatedAt = now, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Error.Conflict("model-exists", $"A model named '{name}' already exists.");
        }

        return name!;
    }
}
