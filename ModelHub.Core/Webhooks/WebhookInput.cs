using ModelHub.Core.Common;

namespace ModelHub.Core.Webhooks;

/// <summary>What an Admin sends to register or change an endpoint; <see cref="Secret"/> may be null on a change to keep the current one.</summary>
public sealed record WebhookInput(string? Url, string? Secret, IReadOnlyList<string>? Events, bool? Enabled, string? Format = null)
{
    /// <summary>The shortest secret accepted: HMAC keys shorter than this are guessable.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The longest secret accepted.</summary>
    public const int MaxSecretLength = 256;

    /// <summary>Checks everything, the target's resolved addresses last (they cost a DNS look-up); the normalised values or the first problem.</summary>
    internal async Task<Result<CheckedWebhook>> CheckAsync(bool secretRequired, bool allowPrivate, CancellationToken ct)
    {
        var checkedInput = Check(secretRequired, allowPrivate);
        if (checkedInput.Succeeded && await WebhookTargets.CheckResolvedAsync(checkedInput.Value.Url, allowPrivate, ct) is { } unreachable)
        {
            return unreachable;
        }

        return checkedInput;
    }

    /// <summary>Checks everything but the URL's resolution; returns the normalised values or the first problem.</summary>
    internal Result<CheckedWebhook> Check(bool secretRequired, bool allowPrivate)
    {
        if (WebhookTargets.CheckUrl(Url, allowPrivate, out var uri) is { } badUrl)
        {
            return badUrl;
        }

        if (Secret is null ? secretRequired : Secret.Length is < MinSecretLength or > MaxSecretLength)
        {
            return Error.Invalid("invalid-secret", $"The secret must be {MinSecretLength} to {MaxSecretLength} characters long.", "secret");
        }

        if (Secret is not null && Secret.Any(char.IsControl))
        {
            return Error.Invalid("invalid-secret", "The secret must not contain control characters.", "secret");
        }

        if (Events is null || Events.Count == 0)
        {
            return Error.Invalid("invalid-events", $"Choose at least one event: {string.Join(", ", WebhookEventTypes.All)}.", "events");
        }

        foreach (var name in Events)
        {
            if (name is null || !WebhookEventTypes.IsKnown(name))
            {
                return Error.Invalid("unknown-event", $"Unknown event “{Shorten(name)}”; known events: {string.Join(", ", WebhookEventTypes.All)}.", "events");
            }
        }

        WebhookFormat format;
        if (Format is null || Format.Equals("event", StringComparison.OrdinalIgnoreCase))
        {
            format = WebhookFormat.Event;
        }
        else if (Format.Equals("slack", StringComparison.OrdinalIgnoreCase))
        {
            format = WebhookFormat.Slack;
        }
        else
        {
            return Error.Invalid("invalid-format", $"Unknown format “{Shorten(Format)}”; use event or slack.", "format");
        }

        var events = WebhookEventTypes.All.Where(Events.Contains).ToList();
        return new CheckedWebhook(uri!, Secret, events, Enabled ?? true, format);
    }

    private static string Shorten(string? value) => value is null ? "null" : value.Length > 40 ? value[..40] + "…" : value;
}

/// <summary>Input that passed <see cref="WebhookInput.Check"/>.</summary>
internal sealed record CheckedWebhook(Uri Url, string? Secret, IReadOnlyList<string> Events, bool Enabled, WebhookFormat Format)
{
    public string EventsText => string.Join(',', Events);

    public static string Hint(string secret) => "…" + secret[^4..];
}
