using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ModelHub.Core.Registry;

/// <summary>Bulk inserts with one prepared command per table inside one transaction: the fastest way into SQLite.</summary>
internal static class Seeder
{
    private static readonly string[] Metrics = ["train_loss", "valid_loss", "train_mean_token_accuracy", "valid_mean_token_accuracy"];

    public static async Task SeedAsync(string path, int models, int versionsPerModel, int steps)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;");
        var owner = (string)(await Scalar(connection, "SELECT Id FROM AspNetUsers LIMIT 1"))!;
        // The app stores DateTimeOffset as EF's binary encoding (ticks and offset packed in one long): encode, never add to it.
        var converter = new DateTimeOffsetToBinaryConverter();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        long At(double minutes) => (long)converter.ConvertToProvider(start.AddMinutes(minutes))!;
        var now = At(0);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await Exec(connection, $"INSERT INTO Datasets (Name, Purpose, Sha256, SizeBytes, OriginalFileName, ExampleCount, TotalTokens, Encoding, WarningCount, ReportJson, StatisticsJson, CreatedById, CreatedAt) VALUES ('bench', 'Training', '{new string('a', 64)}', 1, 'b.jsonl', 1, 1, 'o200k_base', 0, '{{}}', '{{}}', '{owner}', {now})", tx);
        var datasetId = (long)(await Scalar(connection, "SELECT max(Id) FROM Datasets", tx))!;

        var model = Command(connection, tx, "INSERT INTO RegisteredModels (Name, Description, OwnerId, CreatedAt, UpdatedAt) VALUES ($n, 'Benchmark model', $o, $t, $t)", "$n", "$o", "$t");
        var job = Command(connection, tx, $"INSERT INTO FineTuneJobs (Status, RegisteredModelId, BaseModel, TrainingDatasetId, FineTunedModel, LaunchedById, CreatedAt, CurrentStep) VALUES ('succeeded', $m, 'gpt-4o-mini-2024-07-18', {datasetId}, $f, $o, $t, $s)", "$m", "$f", "$o", "$t", "$s");
        var version = Command(connection, tx, $"INSERT INTO ModelVersions (RegisteredModelId, Number, ProviderModelId, BaseModel, Stage, JobId, TrainingDatasetId, TrainingDatasetSha256, NEpochs, FinalMetricsJson, CreatedById, CreatedAt) VALUES ($m, $n, $p, 'gpt-4o-mini-2024-07-18', $st, $j, {datasetId}, '{new string('a', 64)}', 3, '{{\"train_loss\":0.1,\"valid_loss\":0.12,\"train_mean_token_accuracy\":0.9,\"valid_mean_token_accuracy\":0.88}}', $o, $t)", "$m", "$n", "$p", "$st", "$j", "$o", "$t");
        var transition = Command(connection, tx, "INSERT INTO StageTransitions (ModelVersionId, \"From\", \"To\", At, ById, Reason) VALUES ($v, $f, $to, $t, $o, NULL)", "$v", "$f", "$to", "$t", "$o");
        var point = Command(connection, tx, "INSERT INTO MetricPoints (JobId, Name, Step, Value) VALUES ($j, $n, $s, $v)", "$j", "$n", "$s", "$v");
        // What RegisterModelVersion stores next to each version: the curve, LTTB-downsampled, encoded the app's way.
        var series = Command(connection, tx, "INSERT INTO MetricSeries (ModelVersionId, Name, OriginalPoints, Points) VALUES ($v, $n, $c, $p)", "$v", "$n", "$c", "$p");
        var curve = new List<(double X, double Y)>(steps);
        var random = new Random(7);
        for (var m = 0; m < models; m++)
        {
            var name = $"model-{m:D5}";
            var modelId = (long)(await Run(model, true, name, owner, At(m)))!;
            for (var n = 1; n <= versionsPerModel; n++)
            {
                var provider = $"ft:gpt-4o-mini-2024-07-18:bench:{name}-v{n}:{m:x5}{n:x2}";
                var jobId = (long)(await Run(job, true, modelId, provider, owner, now, steps))!;
                var stage = n == versionsPerModel ? "Production" : n == versionsPerModel - 1 ? "Staging" : n < versionsPerModel - 3 ? "Archived" : "None";
                var versionId = (long)(await Run(version, true, modelId, n, provider, stage, jobId, owner, now))!;
                await Run(transition, false, versionId, DBNull.Value, "None", now, owner);
                if (stage != "None")
                {
                    await Run(transition, false, versionId, "None", stage, At(n), owner);
                }

                foreach (var metric in Metrics)
                {
                    var accuracy = metric.Contains("accuracy");
                    curve.Clear();
                    for (var s = 1; s <= steps; s++)
                    {
                        var loss = (2.0 / (1 + (s * 0.05))) + (random.NextDouble() * 0.05);
                        var value = accuracy ? 1 - (loss / 3) : loss;
                        await Run(point, false, jobId, metric, s, value);
                        curve.Add((s, value));
                    }

                    await Run(series, false, versionId, metric, steps, MetricSeries.Encode(Lttb.Downsample(curve, CompareVersions.MaxPointsPerSeries)));
                }
            }
        }

        await tx.CommitAsync();
        await Exec(connection, "ANALYZE;");
    }

    /// <summary>
    /// A succeeded job of a new model <paramref name="model"/> with <paramref name="steps"/> points per metric and no
    /// version yet; the caller registers it through the app's own RegisterModelVersion. Returns the job id.
    /// </summary>
    public static async Task<int> SeedLongRunJobAsync(string path, string model, int steps)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA synchronous=OFF;");
        var owner = (string)(await Scalar(connection, "SELECT Id FROM AspNetUsers LIMIT 1"))!;
        var now = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var datasetId = (long)(await Scalar(connection, "SELECT min(Id) FROM Datasets", tx))!;
        var modelId = (long)(await Run(Command(connection, tx, "INSERT INTO RegisteredModels (Name, Description, OwnerId, CreatedAt, UpdatedAt) VALUES ($n, 'A 1,000,000-step run', $o, $t, $t)", "$n", "$o", "$t"), true, model, owner, now))!;
        var jobId = (long)(await Run(Command(connection, tx, $"INSERT INTO FineTuneJobs (Status, RegisteredModelId, BaseModel, TrainingDatasetId, FineTunedModel, LaunchedById, CreatedAt, CurrentStep) VALUES ('succeeded', $m, 'gpt-4o-mini-2024-07-18', {datasetId}, $f, $o, $t, $s)", "$m", "$f", "$o", "$t", "$s"),
            true, modelId, $"ft:gpt-4o-mini-2024-07-18:bench:{model}:long", owner, now, steps))!;
        var point = Command(connection, tx, "INSERT INTO MetricPoints (JobId, Name, Step, Value) VALUES ($j, $n, $s, $v)", "$j", "$n", "$s", "$v");
        var random = new Random(11);
        foreach (var metric in Metrics)
        {
            var accuracy = metric.Contains("accuracy");
            for (var s = 1; s <= steps; s++)
            {
                var loss = (2.0 / (1 + (s * 0.00005))) + (random.NextDouble() * 0.05);
                await Run(point, false, jobId, metric, s, accuracy ? 1 - (loss / 3) : loss);
            }
        }

        await tx.CommitAsync();
        return (int)jobId;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql + (sql.StartsWith("INSERT INTO MetricPoints", StringComparison.Ordinal) || sql.StartsWith("INSERT INTO MetricSeries", StringComparison.Ordinal)
            || sql.StartsWith("INSERT INTO StageTransitions", StringComparison.Ordinal) ? "" : " RETURNING Id");
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter(p, null));
        }

        command.Prepare();
        return command;
    }

    private static async Task<object?> Run(SqliteCommand command, bool scalar, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        if (scalar)
        {
            return await command.ExecuteScalarAsync();
        }

        command.ExecuteNonQuery();
        return null;
    }

    private static async Task Exec(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
