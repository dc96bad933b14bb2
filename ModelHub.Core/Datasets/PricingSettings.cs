using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Datasets;

/// <summary>
/// Prices edited in Settings: kept in <c>&lt;DataFolder&gt;/settings/pricing.json</c> and laid over the <c>Pricing</c>
/// section of appsettings.json, so every <see cref="IOptionsMonitor{PricingOptions}"/> reader sees them at once.
/// </summary>
public sealed class PricingSettings(DataFolder dataFolder, AuditLog audit)
    : IPostConfigureOptions<PricingOptions>, IOptionsChangeTokenSource<PricingOptions>
{
    /// <summary>The most base models the edited table may list.</summary>
    public const int MaxModels = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock gate = new();
    private CancellationTokenSource changed = new();

    public string? Name => Options.DefaultName;

    private string FilePath => Path.Combine(dataFolder.Sub("settings"), "pricing.json");

    /// <summary>Validates and stores the edited prices (model id prefix → prices); the new table applies immediately.</summary>
    public async Task<Result<IReadOnlyDictionary<string, ModelPrice>>> SaveAsync(
        IReadOnlyDictionary<string, ModelPrice> models, Actor actor, CancellationToken ct = default)
    {
        if (models.Count > MaxModels)
        {
            return Error.Validation($"The price table has at most {MaxModels} base models; {models.Count} were given.", "model");
        }

        foreach (var (model, price) in models)
        {
            if (InputLimits.Name(model, "model", "A base model id") is { } invalid)
            {
                return invalid;
            }

            if (model.Any(char.IsWhiteSpace))
            {
                return Error.Validation($"“{model}” is not a base model id: use the provider's id or a prefix such as gpt-4o-mini, without spaces.", "model");
            }

            if (price.Training < 0 || price.Input < 0 || price.Output < 0 || price.FineTunedInput < 0 || price.FineTunedOutput < 0)
            {
                return Error.Validation($"Prices for {model} must not be negative.", model);
            }
        }

        var before = Load();
        lock (gate)
        {
            AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(models, Json));
            var previous = changed;
            changed = new CancellationTokenSource();
            previous.Cancel();
        }

        await audit.WriteAsync((_, trail) =>
        {
            trail.Add(new AuditRecord(actor, AuditActions.SettingsChanged, AuditObjects.Settings, "pricing", "Pricing")
            {
                Before = AuditRecord.ToJson(before),
                After = AuditRecord.ToJson(models),
            });
            return Task.FromResult(true);
        }, ct);
        return Result<IReadOnlyDictionary<string, ModelPrice>>.Success(models);
    }

    public void PostConfigure(string? name, PricingOptions options)
    {
        foreach (var (model, price) in Load())
        {
            options.Models[model] = price;
        }
    }

    public IChangeToken GetChangeToken()
    {
        lock (gate)
        {
            return new CancellationChangeToken(changed.Token);
        }
    }

    private Dictionary<string, ModelPrice> Load()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        using var file = File.OpenRead(FilePath);
        return JsonSerializer.Deserialize<Dictionary<string, ModelPrice>>(file, Json) ?? [];
    }
}
