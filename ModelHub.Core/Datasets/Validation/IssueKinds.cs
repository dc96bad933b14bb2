namespace ModelHub.Core.Datasets.Validation;

/// <summary>The stable issue codes of dataset validation and the severity each one carries.</summary>
/// <remarks>
/// These codes are a public contract (API, stored reports): add new ones, never rename.
/// <para>
/// <b>Errors</b> are what the provider rejects or what would make a job fail or train on garbage:
/// anything that is not a well-formed chat example (invalid JSON or UTF-8, wrong shapes, unknown roles or
/// keys, missing content, no assistant message, bad weight, absurd nesting, a line over the size cap,
/// a binary or UTF-16 file, fewer examples than the provider's minimum).
/// </para>
/// <para>
/// <b>Warnings</b> do not stop an upload because the provider accepts the file or the harm is a matter of
/// taste: a UTF-8 byte order mark and blank lines are tolerated by the provider's loader, duplicate examples
/// only skew the data, and an example over the token limit is truncated rather than rejected
/// (OpenAI's data-preparation cookbook says so), so its tail is simply lost.
/// </para>
/// </remarks>
public static class IssueKinds
{
    public const string BinaryFile = "binary-file";
    public const string WrongEncoding = "wrong-encoding";
    public const string InvalidUtf8 = "invalid-utf8";
    public const string Bom = "bom";
    public const string BlankLine = "blank-line";
    public const string LineTooLong = "line-too-long";
    public const string InvalidJson = "invalid-json";
    public const string TrailingData = "trailing-data";
    public const string TooDeep = "too-deep";
    public const string NotAnObject = "not-an-object";
    public const string UnknownExampleKey = "unknown-example-key";
    public const string MissingMessages = "missing-messages";
    public const string MessagesNotAList = "messages-not-a-list";
    public const string MessageNotAnObject = "message-not-an-object";
    public const string MissingRole = "missing-role";
    public const string UnknownRole = "unknown-role";
    public const string UnknownMessageKey = "unknown-message-key";
    public const string MissingContent = "missing-content";
    public const string InvalidContent = "invalid-content";
    public const string BadWeight = "bad-weight";
    public const string InvalidToolCalls = "invalid-tool-calls";
    public const string NoAssistantMessage = "no-assistant-message";
    public const string TooManyTokens = "too-many-tokens";
    public const string DuplicateExample = "duplicate-example";
    public const string TooFewExamples = "too-few-examples";

    private static readonly HashSet<string> Warnings =
        [Bom, BlankLine, UnknownExampleKey, TooManyTokens, DuplicateExample];

    /// <summary>Every known code, for documentation and contract tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        BinaryFile, WrongEncoding, InvalidUtf8, Bom, BlankLine, LineTooLong, InvalidJson, TrailingData, TooDeep,
        NotAnObject, UnknownExampleKey, MissingMessages, MessagesNotAList, MessageNotAnObject, MissingRole,
        UnknownRole, UnknownMessageKey, MissingContent, InvalidContent, BadWeight, InvalidToolCalls,
        NoAssistantMessage, TooManyTokens, DuplicateExample, TooFewExamples,
    ];

    /// <summary>The severity a kind always has, so a report cannot disagree with itself.</summary>
    public static IssueSeverity SeverityOf(string kind) =>
        Warnings.Contains(kind) ? IssueSeverity.Warning : IssueSeverity.Error;
}
