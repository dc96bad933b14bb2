namespace ModelHub.Core.Gateway;

/// <summary>
/// One gateway request as metered: what was asked and served, by whom, how it ended and what it used. Never its
/// request or response body.
/// </summary>
/// <param name="At">When the request arrived.</param>
/// <param name="Model">The registered model asked for (as written when it names none).</param>
/// <param name="Version">The version that answered; 0 when none was resolved.</param>
/// <param name="Alias">What came after <c>@</c> (<c>production</c> when nothing did), or a version number.</param>
/// <param name="Canary">True when the canary split sent the call to the Staging version.</param>
/// <param name="CallerId">The user the access token belongs to.</param>
/// <param name="TokenId">The access token used.</param>
/// <param name="Status">The HTTP status answered (499 when the caller went away first).</param>
/// <param name="InputTokens">Prompt tokens from the provider's <c>usage</c>.</param>
/// <param name="OutputTokens">Completion tokens from the provider's <c>usage</c>.</param>
/// <param name="TimeToFirstTokenMs">Arrival to the first byte sent to the caller (the first event of a stream).</param>
/// <param name="LatencyMs">Arrival to the last byte sent to the caller.</param>
public readonly record struct UsageRecord(
    DateTimeOffset At,
    string Model,
    int Version,
    string Alias,
    bool Canary,
    string CallerId,
    int TokenId,
    int Status,
    int InputTokens,
    int OutputTokens,
    double TimeToFirstTokenMs,
    double LatencyMs);
