using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

/// <summary>One model with many versions straight into ModelHub's SQLite file, as model-versions/create leaves them (no job, stage None).</summary>
internal static class ModelHubSeeder
{
    public static async Task SeedModelAsync(string database, string name, int versions)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var owner = connection.CreateCommand();
        owner.Transaction = tx;
        owner.CommandText = "SELECT Id FROM AspNetUsers LIMIT 1";
        var ownerId = (string)(await owner.ExecuteScalarAsync())!;
        // The app stores DateTimeOffset as EF's binary encoding: encode, never compute with it.
        var now = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
        await using var model = connection.CreateCommand();
        model.Transaction = tx;
        model.CommandText = "INSERT INTO RegisteredModels (Name, Description, OwnerId, CreatedAt, UpdatedAt) VALUES ($n, 'Benchmark model', $o, $t, $t) RETURNING Id";
        model.Parameters.AddWithValue("$n", name);
        model.Parameters.AddWithValue("$o", ownerId);
        model.Parameters.AddWithValue("$t", now);
        var modelId = (long)(await model.ExecuteScalarAsync())!;
        await using var version = connection.CreateCommand();
        version.Transaction = tx;
        version.CommandText = "INSERT INTO ModelVersions (RegisteredModelId, Number, ProviderModelId, BaseModel, Stage, FinalMetricsJson, CreatedById, CreatedAt) " +
            "VALUES ($m, $n, $p, 'unknown', 'None', '{}', $o, $t)";
        version.Parameters.AddWithValue("$m", modelId);
        var number = version.Parameters.Add("$n", SqliteType.Integer);
        var provider = version.Parameters.Add("$p", SqliteType.Text);
        version.Parameters.AddWithValue("$o", ownerId);
        version.Parameters.AddWithValue("$t", now);
        for (var n = 1; n <= versions; n++)
        {
            number.Value = n;
            provider.Value = $"ft:gpt-4o-mini:bench::{name}-{n}";
            await version.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }
}
