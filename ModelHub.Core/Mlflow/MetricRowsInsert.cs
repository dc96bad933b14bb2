using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ModelHub.Core.Data;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Writes a batch of metric points as parameterised multi-row <c>INSERT</c>s on the context's connection, inside its
/// current transaction. A log-batch of 1,000 points through change tracking spent most of its time building, tracking
/// and reading back ids of entities nobody uses afterwards. The SQL is standard (identifiers quoted by the provider, as
/// EF names them), so it runs unchanged on SQLite and PostgreSQL.
/// </summary>
internal static class MetricRowsInsert
{
    // Four parameters per row plus the shared run id and keys: far below SQLite's 32,766 and PostgreSQL's 65,535.
    private const int RowsPerStatement = 500;

    public static async Task InsertAsync(ModelHubDbContext db, string runId, IReadOnlyList<MlflowMetricPoint> points, CancellationToken ct)
    {
        if (points.Count == 0)
        {
            return;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(MlflowMetric))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({Column(nameof(MlflowMetric.RunId))}, {Column(nameof(MlflowMetric.Key))}, {Column(nameof(MlflowMetric.Value))}, {Column(nameof(MlflowMetric.IsNan))}, " +
            $"{Column(nameof(MlflowMetric.Timestamp))}, {Column(nameof(MlflowMetric.Step))}) VALUES ";

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var start = 0; start < points.Count; start += RowsPerStatement)
        {
            var end = Math.Min(points.Count, start + RowsPerStatement);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head, head.Length + ((end - start) * 24));
            Add(command, "@r", runId);
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = start; i < end; i++)
            {
                var point = points[i];
                if (!keys.TryGetValue(point.Key, out var keyName))
                {
                    keyName = "@k" + keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    keys.Add(point.Key, keyName);
                    Add(command, keyName, point.Key);
                }

                var n = (i - start).ToString(System.Globalization.CultureInfo.InvariantCulture);
                text.Append(i == start ? "(" : ", (").Append("@r, ").Append(keyName)
                    .Append(", @v").Append(n).Append(", @n").Append(n).Append(", @t").Append(n).Append(", @s").Append(n).Append(')');
                Add(command, "@v" + n, point.Value);
                Add(command, "@n" + n, point.IsNan);
                Add(command, "@t" + n, point.Timestamp);
                Add(command, "@s" + n, point.Step);
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>One point to store: MLflow's value already mapped to what the column holds.</summary>
internal readonly record struct MlflowMetricPoint(string Key, double Value, bool IsNan, long Timestamp, long Step);
