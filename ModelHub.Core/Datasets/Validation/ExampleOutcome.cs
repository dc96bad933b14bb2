namespace ModelHub.Core.Datasets.Validation;

/// <summary>What checking one line found out, for statistics and duplicate detection.</summary>
/// <param name="IsExample">The line is an object with a <c>messages</c> list, so it counts as an example.</param>
internal readonly record struct ExampleOutcome(bool IsExample, int MessageCount, int Tokens, int AssistantTokens)
{
    public static ExampleOutcome NotAnExample => default;
}
