using Microsoft.Data.Sqlite;

/// <summary>
/// Seeds MLflow's own SQLite store directly (registered_models, model_versions), as the REST API would leave them:
/// 100,000 versions through its API would take this machine far longer than the benchmark's other parts together.
/// </summary>
internal static class MlflowSeeder
{
    /// <summary>Models <c>model-00000</c>… with <paramref name="versionsPerModel"/> versions each.</summary>
    public static Task SeedAsync(string database, int models, int versionsPerModel) =>
        SeedAsync(database, Enumerable.Range(0, models).Select(m => $"model-{m:D5}"), versionsPerModel);

    /// <summary>The named models with <paramref name="versionsPerModel"/> versions each.</summary>
    public static async Task SeedAsync(string database, IEnumerable<string> names, int versionsPerModel)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var model = connection.CreateCommand();
        model.Transaction = tx;
        model.CommandText = "INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES ($n, $t, $t, 'Benchmark model')";
        var modelName = model.Parameters.Add("$n", SqliteType.Text);
        model.Parameters.AddWithValue("$t", now);
        await using var version = connection.CreateCommand();
        version.Transaction = tx;
        version.CommandText = "INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, storage_location, run_id, run_link, status, status_message) " +
            "VALUES ($n, $v, $t, $t, NULL, 'bench', 'None', $s, $s, NULL, NULL, 'READY', NULL)";
        var versionName = version.Parameters.Add("$n", SqliteType.Text);
        var number = version.Parameters.Add("$v", SqliteType.Integer);
        var source = version.Parameters.Add("$s", SqliteType.Text);
        version.Parameters.AddWithValue("$t", now);
        foreach (var name in names)
        {
            modelName.Value = name;
            await model.ExecuteNonQueryAsync();
            for (var n = 1; n <= versionsPerModel; n++)
            {
                versionName.Value = name;
                number.Value = n;
                source.Value = $"s3://bench-artifacts/{name}/{n}";
                await version.ExecuteNonQueryAsync();
            }
        }

        await tx.CommitAsync();
    }
}
