using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ModelHub.Core.Data;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Writes a batch of metric points with one parameterised multi-row <c>INSERT</c>, executed again for each slice of
/// the batch (plus one statement for the remainder), on the context's connection inside its current transaction.
/// Change tracking spent most of a 1,000-point log-batch building entities and reading back ids nobody uses. On SQLite
/// the statement stays small because SQLite finds each named parameter by a linear scan of the statement's names: one
/// 500-row statement (2,500 names) spent ~45 % of the request's CPU in that scan (perf, 2 December 2026), and 10 rows
/// re-executed were the fastest slice measured (1, 5, 10, 20, 50). PostgreSQL keeps 500-row slices: there each
/// execution is a round trip, and Npgsql maps names on the client. The SQL is standard (identifiers quoted by the
/// provider, as EF names them), so it runs unchanged on both providers.
/// </summary>
internal static class MetricRowsInsert
{
    private const int SqliteRowsPerStatement = 10;

    private const int ServerRowsPerStatement = 500;

    public static async Task InsertAsync(ModelHubDbContext db, string runId, IReadOnlyList<MlflowMetricPoint> points, CancellationToken ct)
    {
        if (points.Count == 0)
        {
            return;
        }

        var head = Head(db);
        var rows = db.Database.IsSqlite() ? SqliteRowsPerStatement : ServerRowsPerStatement;
        var full = points.Count / rows;
        if (full > 0)
        {
            await using var slices = Statement(db, head, runId, rows);
            for (var slice = 0; slice < full; slice++)
            {
                await slices.ExecuteAsync(points, slice * rows, ct);
            }
        }

        var rest = points.Count % rows;
        if (rest > 0)
        {
            await using var remainder = Statement(db, head, runId, rest);
            await remainder.ExecuteAsync(points, points.Count - rest, ct);
        }
    }

    private static string Head(ModelHubDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(MlflowMetric))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        return $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({Column(nameof(MlflowMetric.RunId))}, {Column(nameof(MlflowMetric.Key))}, {Column(nameof(MlflowMetric.Value))}, {Column(nameof(MlflowMetric.IsNan))}, " +
            $"{Column(nameof(MlflowMetric.Timestamp))}, {Column(nameof(MlflowMetric.Step))}) VALUES ";
    }

    private static RowsStatement Statement(ModelHubDbContext db, string head, string runId, int rows)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        Add(command, "@r", runId);
        var text = new StringBuilder(head, head.Length + (rows * 40));
        var values = new DbParameter[rows * 5];
        for (var row = 0; row < rows; row++)
        {
            var n = row.ToString(CultureInfo.InvariantCulture);
            text.Append(row == 0 ? "(" : ", (").Append("@r, @k").Append(n).Append(", @v").Append(n).Append(", @n").Append(n)
                .Append(", @t").Append(n).Append(", @s").Append(n).Append(')');
            values[(row * 5) + 0] = Add(command, "@k" + n, "");
            values[(row * 5) + 1] = Add(command, "@v" + n, 0d);
            values[(row * 5) + 2] = Add(command, "@n" + n, false);
            values[(row * 5) + 3] = Add(command, "@t" + n, 0L);
            values[(row * 5) + 4] = Add(command, "@s" + n, 0L);
        }

        command.CommandText = text.ToString();
        return new RowsStatement(command, values);
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>One prepared multi-row statement: re-executing the same command lets the provider keep its plan.</summary>
    private sealed class RowsStatement(DbCommand command, DbParameter[] values) : IAsyncDisposable
    {
        public async Task ExecuteAsync(IReadOnlyList<MlflowMetricPoint> points, int start, CancellationToken ct)
        {
            for (var row = 0; row < values.Length / 5; row++)
            {
                var point = points[start + row];
                values[(row * 5) + 0].Value = point.Key;
                values[(row * 5) + 1].Value = point.Value;
                values[(row * 5) + 2].Value = point.IsNan;
                values[(row * 5) + 3].Value = point.Timestamp;
                values[(row * 5) + 4].Value = point.Step;
            }

            await command.ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}

/// <summary>One point to store: MLflow's value already mapped to what the column holds.</summary>
internal readonly record struct MlflowMetricPoint(string Key, double Value, bool IsNan, long Timestamp, long Step);
