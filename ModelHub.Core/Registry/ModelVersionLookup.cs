namespace ModelHub.Core.Registry;

/// <summary>The one way a version is addressed from outside: its model's name and its number.</summary>
public static class ModelVersionLookup
{
    /// <summary>Version <paramref name="number"/> of model <paramref name="model"/> (at most one, by the unique index).</summary>
    public static IQueryable<ModelVersion> Named(this IQueryable<ModelVersion> versions, string model, int number) =>
        versions.Where(v => v.RegisteredModel!.Name == model && v.Number == number);
}
