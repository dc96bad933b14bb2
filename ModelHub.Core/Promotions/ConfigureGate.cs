using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;

namespace ModelHub.Core.Promotions;

/// <summary>A model's gate as configured: metric rules and the metrics that must not regress against production.</summary>
public sealed record GateConfiguration(IReadOnlyList<GateRule> Rules, IReadOnlyList<string> NotWorseThanProduction);

/// <summary>Sets (replaces) the validation gate of a registered model. Engineers only (enforced by the caller's policy).</summary>
public sealed class ConfigureGate(AuditLog audit, TimeProvider time)
{
    public const string InvalidGate = "invalid-gate";
    public const int MaxRules = 20;

    public async Task<Result<GateConfiguration>> ConfigureAsync(string modelName, GateConfiguration gate, Actor actor, CancellationToken ct = default)
    {
        if (Validate(gate) is { } invalid)
        {
            return invalid;
        }

        var normalized = new GateConfiguration(
            gate.Rules.Select(r => r with { Metric = r.Metric.Trim() }).ToList(),
            gate.NotWorseThanProduction.Select(m => m.Trim()).Distinct(StringComparer.Ordinal).ToList());
        return await audit.WriteAsync<Result<GateConfiguration>>(async (db, trail) =>
        {
            var modelId = await db.RegisteredModels.Where(m => m.Name == modelName).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
            if (modelId is null)
            {
                return Error.NotFound($"Model '{modelName}'");
            }

            var definition = await db.GateDefinitions.SingleOrDefaultAsync(g => g.RegisteredModelId == modelId, ct);
            var before = definition is null ? null : Describe(definition.RulesJson, definition.NotWorseThanProductionJson);
            if (definition is null)
            {
                definition = new GateDefinition { RegisteredModelId = modelId.Value, RulesJson = "", NotWorseThanProductionJson = "", UpdatedById = actor.Id! };
                db.GateDefinitions.Add(definition);
            }

            definition.RulesJson = GateMetrics.Serialize(normalized.Rules);
            definition.NotWorseThanProductionJson = GateMetrics.Serialize(normalized.NotWorseThanProduction);
            definition.UpdatedAt = time.GetUtcNow();
            definition.UpdatedById = actor.Id!;
            trail.Add(new AuditRecord(actor, AuditActions.GateConfigured, AuditObjects.Gate, modelId.Value.ToString(CultureInfo.InvariantCulture), modelName)
            {
                Before = before,
                After = Describe(definition.RulesJson, definition.NotWorseThanProductionJson),
            });
            return normalized;
        }, ct);
    }

    private static string Describe(string rulesJson, string notWorseJson) =>
        $$"""{"rules":{{(rulesJson.Length == 0 ? "[]" : rulesJson)}},"notWorseThanProduction":{{(notWorseJson.Length == 0 ? "[]" : notWorseJson)}}}""";

    /// <summary>The first problem of a gate, naming its field (<c>rules[1].operator</c>), or null when it is valid.</summary>
    public static Error? Validate(GateConfiguration gate)
    {
        if (gate.Rules.Count > MaxRules)
        {
            return Invalid($"A gate has at most {MaxRules} rules.", "rules");
        }

        if (gate.NotWorseThanProduction.Count > MaxRules)
        {
            return Invalid($"A gate compares at most {MaxRules} metrics with production.", "notWorseThanProduction");
        }

        // Names are checked for length before anything echoes them back.
        for (var i = 0; i < gate.Rules.Count; i++)
        {
            if ((InputLimits.Name(gate.Rules[i].Metric, $"rules[{i}].metric", $"rules[{i}].metric")
                ?? InputLimits.Name(gate.Rules[i].Operator, $"rules[{i}].operator", $"rules[{i}].operator")) is { } badText)
            {
                return Invalid(badText.Message, badText.Target!);
            }
        }

        for (var i = 0; i < gate.NotWorseThanProduction.Count; i++)
        {
            if (InputLimits.Name(gate.NotWorseThanProduction[i], $"notWorseThanProduction[{i}]", $"notWorseThanProduction[{i}]") is { } badText)
            {
                return Invalid(badText.Message, badText.Target!);
            }
        }

        for (var i = 0; i < gate.Rules.Count; i++)
        {
            var rule = gate.Rules[i];
            if (!IsKnown(rule.Metric))
            {
                return Invalid($"Unknown metric '{rule.Metric}'. Known metrics: {string.Join(", ", GateMetrics.Known)}.", $"rules[{i}].metric");
            }

            if (!GateRule.Operators.Contains(rule.Operator))
            {
                return Invalid($"Unknown operator '{rule.Operator}'. Use one of {string.Join(" ", GateRule.Operators)}.", $"rules[{i}].operator");
            }

            if (!double.IsFinite(rule.Threshold))
            {
                return Invalid("The threshold must be a finite number.", $"rules[{i}].threshold");
            }

            var isLoss = ProductionComparison.LowerIsBetter(rule.Metric.Trim());
            if (isLoss ? rule.Threshold < 0 : rule.Threshold is < 0 or > 1)
            {
                return Invalid(isLoss ? "A loss threshold cannot be negative." : $"{rule.Metric} is a ratio: the threshold must be between 0 and 1.",
                    $"rules[{i}].threshold");
            }
        }

        for (var i = 0; i < gate.NotWorseThanProduction.Count; i++)
        {
            if (!IsKnown(gate.NotWorseThanProduction[i]))
            {
                return Invalid($"Unknown metric '{gate.NotWorseThanProduction[i]}'. Known metrics: {string.Join(", ", GateMetrics.Known)}.",
                    $"notWorseThanProduction[{i}]");
            }
        }

        return null;
    }

    private static bool IsKnown(string? metric) => metric is not null && GateMetrics.Known.Contains(metric.Trim());

    private static Error Invalid(string message, string field) => Error.Invalid(InvalidGate, message, field);
}
