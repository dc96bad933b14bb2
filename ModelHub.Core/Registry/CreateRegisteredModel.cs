using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Registry;

/// <summary>Registers an empty model by name, before any job trains it; audited in the same transaction.</summary>
public sealed class CreateRegisteredModel(AuditLog audit, TimeProvider time)
{
    public async Task<Result<string>> CreateAsync(string? name, string? description, Actor owner, CancellationToken ct = default)
    {
        if (RegisteredModel.CheckName(name) is { } badName)
        {
            return badName;
        }

        if (InputLimits.Text(description, "description", "The description") is { } badDescription)
        {
            return badDescription;
        }

        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();

        try
        {
            return await audit.WriteAsync<Result<string>>(async (db, trail) =>
            {
                if (await db.RegisteredModels.AnyAsync(m => m.Name == name, ct))
                {
                    return Error.Conflict("model-exists", $"A model named '{name}' already exists.");
                }

                var model = Add(db, name!, description, owner);
                await db.SaveChangesAsync(ct);
                RecordCreated(trail, model, owner);
                return model.Name;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another instance registered the same name between the check and the insert.
            return Error.Conflict("model-exists", $"A model named '{name}' already exists.");
        }
    }

    /// <summary>Adds a new model to <paramref name="db"/> for the caller's audited change to save; the caller checked the name.</summary>
    internal RegisteredModel Add(ModelHubDbContext db, string name, string? description, Actor owner)
    {
        var now = time.GetUtcNow();
        var model = new RegisteredModel { Name = name, Description = description, OwnerId = owner.Id!, CreatedAt = now, UpdatedAt = now };
        db.RegisteredModels.Add(model);
        return model;
    }

    /// <summary>The audit entry of a model created by <see cref="Add"/>, once it is saved (models are named by id in the log).</summary>
    internal static void RecordCreated(AuditTrail trail, RegisteredModel model, Actor owner) =>
        trail.Add(new AuditRecord(owner, AuditActions.ModelCreated, AuditObjects.Model, model.Id.ToString(CultureInfo.InvariantCulture), model.Name)
        {
            After = AuditRecord.ToJson(new { name = model.Name, description = model.Description }),
        });
}
