namespace ModelHub.Cli.Config;

/// <summary>What <c>modelhub login</c> stores: the ModelHub address and an access token.</summary>
public sealed record SavedLogin(string Url, string Token);
