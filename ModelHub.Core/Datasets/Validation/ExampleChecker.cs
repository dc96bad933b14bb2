using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelHub.Core.Datasets.Tokens;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Checks one JSONL line against OpenAI's chat fine-tuning format with a single forward <see cref="Utf8JsonReader"/> pass.</summary>
/// <remarks>Not thread-safe: it reuses one pooled char buffer for token counting. One instance per validation.</remarks>
internal sealed partial class ExampleChecker(DatasetValidationOptions options, IssueCollector issues, ITokenCounter? counter) : IDisposable
{
    // Chat-format overhead per OpenAI's cookbook: 3 tokens per message, 1 per name, 3 to prime the reply.
    private const int TokensPerMessage = 3;
    private const int TokensPerName = 1;
    private const int TokensPerReply = 3;

    private readonly int depthLimit = options.MaxDepth;
    private char[] chars = ArrayPool<char>.Shared.Rent(4096);
    private int line;

    private enum Role
    {
        None,
        System,
        User,
        Assistant,
        Tool,
        Unknown,
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ExampleOutcome Check(ReadOnlySpan<byte> json, int lineNumber)
    {
        line = lineNumber;
        // The reader's own limit sits one above ours so that our check, with its clear message, fires first.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = depthLimit + 1 });
        var outcome = ExampleOutcome.NotAnExample;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var what = Describe(reader.TokenType);
                SkipValue(ref reader);
                ExpectEnd(ref reader);
                issues.Add(line, IssueKinds.NotAnObject, null, $"The line is valid JSON but {what}, not an object with a \"messages\" list.");
                return outcome;
            }

            outcome = ReadExample(ref reader, json);
            ExpectEnd(ref reader);
            return outcome;
        }
        catch (TooDeepException)
        {
            issues.Add(line, IssueKinds.TooDeep, null, $"JSON is nested deeper than {depthLimit} levels; no chat example needs that.");
        }
        catch (TrailingDataException e)
        {
            issues.Add(line, IssueKinds.TrailingData, null, $"Unexpected text after the end of the JSON object, at byte {e.Position + 1}: put one example per line.");
        }
        catch (JsonException e)
        {
            issues.Add(line, IssueKinds.InvalidJson, null, $"Invalid JSON at byte {(e.BytePositionInLine ?? 0) + 1}: {Clean(e.Message)}");
        }

        // A line that failed to parse does not count as an example, whatever was read before the fault.
        return ExampleOutcome.NotAnExample;
    }

    public void Dispose() => ArrayPool<char>.Shared.Return(chars);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ExampleOutcome ReadExample(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var sawMessages = false;
        var isExample = false;
        int messageCount = 0, tokens = 0, assistantTokens = 0;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is(ref reader, "messages"u8))
            {
                sawMessages = true;
                Read(ref reader);
                isExample = ReadMessages(ref reader, json, out messageCount, out tokens, out assistantTokens);
            }
            else if (Is(ref reader, "tools"u8) || Is(ref reader, "functions"u8))
            {
                // Tool definitions are part of the prompt the model sees, so they are billed.
                Read(ref reader);
                var start = (int)reader.TokenStartIndex;
                SkipValue(ref reader);
                tokens += CountUtf8(json[start..(int)reader.BytesConsumed]);
            }
            else if (Is(ref reader, "parallel_tool_calls"u8))
            {
                Read(ref reader);
                SkipValue(ref reader);
            }
            else
            {
                var name = reader.GetString();
                Read(ref reader);
                SkipValue(ref reader);
                issues.Add(line, IssueKinds.UnknownExampleKey, name, $"Unknown key \"{name}\" next to \"messages\"; the provider ignores it.");
            }
        }

        if (!sawMessages)
        {
            issues.Add(line, IssueKinds.MissingMessages, "messages", "The example has no \"messages\" list.");
        }

        return isExample ? new ExampleOutcome(true, messageCount, tokens, assistantTokens) : ExampleOutcome.NotAnExample;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadMessages(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out int count, out int tokens, out int assistantTokens)
    {
        count = tokens = assistantTokens = 0;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var what = Describe(reader.TokenType);
            SkipValue(ref reader);
            issues.Add(line, IssueKinds.MessagesNotAList, "messages", $"\"messages\" must be a list of messages, not {what}.");
            return false;
        }

        CheckDepth(ref reader);
        bool sawAssistant = false, sawUnknownRole = false;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = count++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var what = Describe(reader.TokenType);
                SkipValue(ref reader);
                issues.Add(line, IssueKinds.MessageNotAnObject, $"messages[{index}]", $"Each message must be an object with \"role\" and \"content\", not {what}.");
                continue;
            }

            var (role, messageTokens, contentTokens) = ReadMessage(ref reader, json, index);
            tokens += messageTokens;
            sawUnknownRole |= role == Role.Unknown;
            if (role == Role.Assistant)
            {
                sawAssistant = true;
                assistantTokens += contentTokens;
            }
        }

        if (count == 0)
        {
            issues.Add(line, IssueKinds.MissingMessages, "messages", "\"messages\" is an empty list.");
            return true;
        }

        // A misspelt "asistant" is already reported as an unknown role: one mistake, one issue.
        if (!sawAssistant && !sawUnknownRole)
        {
            issues.Add(line, IssueKinds.NoAssistantMessage, "messages", "The example has no \"assistant\" message, so there is nothing to learn from it.");
        }

        tokens += TokensPerReply;
        if (counter is not null && tokens > options.MaxTokensPerExample)
        {
            issues.Add(line, IssueKinds.TooManyTokens, "messages",
                $"The example has {tokens:N0} tokens; {options.BaseModel} trains on at most {options.MaxTokensPerExample:N0} per example and truncates the rest.");
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (Role Role, int Tokens, int ContentTokens) ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int index)
    {
        CheckDepth(ref reader);
        var role = Role.None;
        bool hasContent = false, hasToolCalls = false;
        int tokens = TokensPerMessage, contentTokens = 0;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is(ref reader, "role"u8))
            {
                Read(ref reader);
                role = ReadRole(ref reader, index);
                tokens += 1;
            }
            else if (Is(ref reader, "content"u8))
            {
                Read(ref reader);
                (hasContent, contentTokens) = ReadContent(ref reader, index);
                tokens += contentTokens;
            }
            else if (Is(ref reader, "name"u8))
            {
                Read(ref reader);
                tokens += TokensPerName + (reader.TokenType == JsonTokenType.String ? CountString(ref reader) : 0);
                SkipValue(ref reader);
            }
            else if (Is(ref reader, "weight"u8))
            {
                Read(ref reader);
                CheckWeight(ref reader, index);
            }
            else if (Is(ref reader, "tool_calls"u8) || Is(ref reader, "function_call"u8))
            {
                var field = Is(ref reader, "tool_calls"u8) ? "tool_calls" : "function_call";
                Read(ref reader);
                var expected = field == "tool_calls" ? JsonTokenType.StartArray : JsonTokenType.StartObject;
                var actual = reader.TokenType;
                var start = (int)reader.TokenStartIndex;
                SkipValue(ref reader);
                if (actual == expected)
                {
                    hasToolCalls = true;
                    tokens += CountUtf8(json[start..(int)reader.BytesConsumed]);
                }
                else if (actual != JsonTokenType.Null)
                {
                    issues.Add(line, IssueKinds.InvalidToolCalls, $"messages[{index}].{field}",
                        $"\"{field}\" must be {(expected == JsonTokenType.StartArray ? "a list" : "an object")}, not {Describe(actual)}.");
                }
            }
            else if (Is(ref reader, "tool_call_id"u8))
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.String)
                {
                    tokens += CountString(ref reader);
                }

                SkipValue(ref reader);
            }
            else
            {
                var name = reader.GetString();
                Read(ref reader);
                SkipValue(ref reader);
                issues.Add(line, IssueKinds.UnknownMessageKey, $"messages[{index}].{name}",
                    $"Unknown key \"{name}\" in a message; allowed: role, content, name, weight, tool_calls, tool_call_id, function_call.");
            }
        }

        if (role == Role.None)
        {
            issues.Add(line, IssueKinds.MissingRole, $"messages[{index}].role", "The message has no \"role\".");
        }

        // An assistant turn that only calls a tool legitimately has no text.
        if (!hasContent && !(role == Role.Assistant && hasToolCalls))
        {
            issues.Add(line, IssueKinds.MissingContent, $"messages[{index}].content", "The message has no text in \"content\".");
        }

        return (role, tokens, contentTokens);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Role ReadRole(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            var what = Describe(reader.TokenType);
            SkipValue(ref reader);
            issues.Add(line, IssueKinds.UnknownRole, $"messages[{index}].role", $"\"role\" must be a string, not {what}.");
            return Role.Unknown;
        }

        if (Is(ref reader, "assistant"u8))
        {
            return Role.Assistant;
        }

        if (Is(ref reader, "user"u8))
        {
            return Role.User;
        }

        if (Is(ref reader, "system"u8))
        {
            return Role.System;
        }

        if (Is(ref reader, "tool"u8))
        {
            return Role.Tool;
        }

        var role = reader.GetString() ?? string.Empty;
        issues.Add(line, IssueKinds.UnknownRole, $"messages[{index}].role",
            $"Unknown role \"{role}\"; use system, user, assistant or tool.{Roles.Suggest(role)}");
        return Role.Unknown;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CountString(ref Utf8JsonReader reader)
    {
        if (counter is null)
        {
            return 0;
        }

        // UTF-16 never needs more chars than the UTF-8 (escaped) bytes it came from.
        EnsureChars(reader.ValueSpan.Length);
        var length = reader.CopyString(chars);
        return counter.CountTokens(chars.AsSpan(0, length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CountUtf8(ReadOnlySpan<byte> utf8)
    {
        if (counter is null)
        {
            return 0;
        }

        EnsureChars(utf8.Length);
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return counter.CountTokens(chars.AsSpan(0, length));
    }

    private void EnsureChars(int length)
    {
        if (chars.Length < length)
        {
            ArrayPool<char>.Shared.Return(chars);
            chars = ArrayPool<char>.Shared.Rent(length);
        }
    }

    // Keys and roles are almost never escaped: compare the raw bytes and skip the reader's unescaping path.
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> text) =>
        reader.ValueIsEscaped ? reader.ValueTextEquals(text) : reader.ValueSpan.SequenceEqual(text);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            CheckDepth(ref reader);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckDepth(ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth + 1 > depthLimit)
        {
            throw new TooDeepException();
        }
    }

    // Iterative on purpose: a line of a million '[' must give an issue, not a stack overflow.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = reader.CurrentDepth;
        while (Read(ref reader))
        {
            if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        var position = reader.BytesConsumed;
        try
        {
            if (reader.Read())
            {
                throw new TrailingDataException(position);
            }
        }
        catch (JsonException)
        {
            throw new TrailingDataException(position);
        }
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    // The reader's messages end with its own position suffix, which means nothing for a one-line document.
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }

    private sealed class TooDeepException : Exception;

    private sealed class TrailingDataException(long position) : Exception
    {
        public long Position { get; } = position;
    }
}
