using System.Text;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public class DatasetValidatorChecksTests
{
    public static TheoryData<string, string, string?> BadLines => new()
    {
        { """{"messages": [""", IssueKinds.InvalidJson, null },
        { "{'messages': []}", IssueKinds.InvalidJson, null },
        { "0", IssueKinds.NotAnObject, null },
        { "[]", IssueKinds.NotAnObject, null },
        { "null", IssueKinds.NotAnObject, null },
        { "\"text\"", IssueKinds.NotAnObject, null },
        { """{"prompt":"a","completion":"b"}""", IssueKinds.MissingMessages, "messages" },
        { """{"messages":[]}""", IssueKinds.MissingMessages, "messages" },
        { """{"messages":{"role":"user"}}""", IssueKinds.MessagesNotAList, "messages" },
        { """{"messages":[1,{"role":"assistant","content":"a"}]}""", IssueKinds.MessageNotAnObject, "messages[0]" },
        { """{"messages":[{"role":"user","content":"q"},{"role":"asistant","content":"a"}]}""", IssueKinds.UnknownRole, "messages[1].role" },
        { """{"messages":[{"role":"user","content":"q"},{"role":7,"content":"a"}]}""", IssueKinds.UnknownRole, "messages[1].role" },
        { """{"messages":[{"content":"q"},{"role":"assistant","content":"a"}]}""", IssueKinds.MissingRole, "messages[0].role" },
        { """{"messages":[{"role":"user","content":"q","mood":"happy"},{"role":"assistant","content":"a"}]}""", IssueKinds.UnknownMessageKey, "messages[0].mood" },
        { """{"messages":[{"role":"user"},{"role":"assistant","content":"a"}]}""", IssueKinds.MissingContent, "messages[0].content" },
        { """{"messages":[{"role":"user","content":""},{"role":"assistant","content":"a"}]}""", IssueKinds.MissingContent, "messages[0].content" },
        { """{"messages":[{"role":"user","content":null},{"role":"assistant","content":"a"}]}""", IssueKinds.MissingContent, "messages[0].content" },
        { """{"messages":[{"role":"user","content":42},{"role":"assistant","content":"a"}]}""", IssueKinds.InvalidContent, "messages[0].content" },
        { """{"messages":[{"role":"user","content":[{"type":"video","url":"x"}]},{"role":"assistant","content":"a"}]}""", IssueKinds.InvalidContent, "messages[0].content[0]" },
        { """{"messages":[{"role":"user","content":[{"type":"text"}]},{"role":"assistant","content":"a"}]}""", IssueKinds.InvalidContent, "messages[0].content[0]" },
        { """{"messages":[{"role":"user","content":["hi"]},{"role":"assistant","content":"a"}]}""", IssueKinds.InvalidContent, "messages[0].content[0]" },
        { """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"q"}]}""", IssueKinds.NoAssistantMessage, "messages" },
        { """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":2}]}""", IssueKinds.BadWeight, "messages[1].weight" },
        { """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":"1"}]}""", IssueKinds.BadWeight, "messages[1].weight" },
        { """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":0.5}]}""", IssueKinds.BadWeight, "messages[1].weight" },
        { """{"messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":{"id":"x"}}]}""", IssueKinds.InvalidToolCalls, "messages[1].tool_calls" },
        { """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]} trailing""", IssueKinds.TrailingData, null },
        { """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}{"messages":[]}""", IssueKinds.TrailingData, null },
        { """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]} 0""", IssueKinds.TrailingData, null },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Bad_line_is_reported_as_an_error_with_its_line_kind_and_field(string bad, string kind, string? field)
    {
        var report = ChatJsonl.Validate(ChatJsonl.WithBadLine(bad));

        var issue = Assert.Single(report.Errors, e => e.Kind == kind);
        Assert.Equal(11, issue.Line);
        Assert.Equal(field, issue.Field);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        Assert.True(report.HasErrors);
        Assert.All(report.Errors, e => Assert.Equal(11, e.Line));
    }

    [Fact]
    public void Clean_file_has_no_errors_or_warnings()
    {
        var report = ChatJsonl.Validate(string.Join("\n", ChatJsonl.ValidLines(12)) + "\n");

        Assert.Empty(report.Errors);
        Assert.Empty(report.Warnings);
        Assert.False(report.HasErrors);
        Assert.Empty(report.CountsByKind);
        Assert.Equal(12, report.Statistics.ExampleCount);
    }

    [Fact]
    public void Misspelt_role_suggests_the_right_one()
    {
        var report = ChatJsonl.Validate(ChatJsonl.WithBadLine(
            """{"messages":[{"role":"user","content":"q"},{"role":"asistant","content":"a"}]}"""));

        var issue = Assert.Single(report.Errors);
        Assert.Contains("\"asistant\"", issue.Message);
        Assert.Contains("Did you mean \"assistant\"?", issue.Message);
    }

    [Fact]
    public void Weight_zero_or_one_content_parts_and_tool_calls_are_accepted()
    {
        string[] good =
        [
            """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":0},{"role":"user","content":"q2"},{"role":"assistant","content":"b","weight":1}]}""",
            """{"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]},{"role":"assistant","content":"a cat"}]}""",
            """{"messages":[{"role":"user","content":"weather?"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"sunny"},{"role":"assistant","content":"Sunny."}],"tools":[{"type":"function","function":{"name":"w"}}]}""",
            """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}}]}""",
            """{"messages":[{"role":"user","name":"bob","content":"q"},{"role":"assistant","content":"a"}],"parallel_tool_calls":false}""",
        ];

        var report = ChatJsonl.Validate(string.Join("\n", [.. ChatJsonl.ValidLines(), .. good]));

        Assert.Empty(report.Errors);
        Assert.Equal(15, report.Statistics.ExampleCount);
    }

    [Fact]
    public void Absurd_nesting_is_a_clear_error_not_a_stack_overflow()
    {
        var deep = """{"messages":[{"role":"user","content":""" + new string('[', 100_000) + new string(']', 100_000) + "}]}";

        var report = ChatJsonl.Validate(ChatJsonl.WithBadLine(deep));

        var issue = Assert.Single(report.Errors);
        Assert.Equal((11, IssueKinds.TooDeep), (issue.Line, issue.Kind));
        Assert.Contains("64", issue.Message);
    }

    [Fact]
    public void Deep_bare_arrays_are_too_deep_not_invalid_json()
    {
        var report = ChatJsonl.Validate(ChatJsonl.WithBadLine(new string('[', 5000)));

        Assert.Equal(IssueKinds.TooDeep, Assert.Single(report.Errors).Kind);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(ChatJsonl.WithBadLine("""{"messages":[{"role":"user","content":"caf_"}]}"""));
        bytes[Array.LastIndexOf(bytes, (byte)'_')] = 0xE9; // Latin-1 "é", the classic mis-saved file

        var report = ChatJsonl.Validate(bytes);

        var issue = Assert.Single(report.Errors);
        Assert.Equal((11, IssueKinds.InvalidUtf8), (issue.Line, issue.Kind));
        Assert.Contains("byte 43", issue.Message);
    }

    [Fact]
    public void Byte_order_mark_is_a_warning_on_line_one()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\n", ChatJsonl.ValidLines()))).ToArray();

        var report = ChatJsonl.Validate(bytes);

        Assert.False(report.HasErrors);
        var issue = Assert.Single(report.Warnings);
        Assert.Equal((1, IssueKinds.Bom, IssueSeverity.Warning), (issue.Line, issue.Kind, issue.Severity));
        Assert.Equal(10, report.Statistics.ExampleCount);
    }

    [Fact]
    public void Blank_lines_are_warnings_with_their_line_numbers()
    {
        var lines = ChatJsonl.ValidLines();
        lines.Insert(3, "");
        lines.Insert(6, "   \t");
        var report = ChatJsonl.Validate(string.Join("\n", lines) + "\n");

        Assert.False(report.HasErrors);
        Assert.Equal([4, 7], report.Warnings.Where(w => w.Kind == IssueKinds.BlankLine).Select(w => w.Line));
        Assert.Equal(10, report.Statistics.ExampleCount);
    }

    [Fact]
    public void Crlf_endings_and_a_last_line_without_newline_are_fine()
    {
        var report = ChatJsonl.Validate(string.Join("\r\n", ChatJsonl.ValidLines(11)));

        Assert.Empty(report.Errors);
        Assert.Empty(report.Warnings);
        Assert.Equal(11, report.Statistics.ExampleCount);
    }

    [Fact]
    public void Duplicate_example_is_a_warning_pointing_at_the_first_copy()
    {
        var lines = ChatJsonl.ValidLines();
        lines.Add("  " + ChatJsonl.Example(3) + " ");

        var report = ChatJsonl.Validate(string.Join("\r\n", lines));

        Assert.False(report.HasErrors);
        var issue = Assert.Single(report.Warnings);
        Assert.Equal((11, IssueKinds.DuplicateExample), (issue.Line, issue.Kind));
        Assert.Contains("line 3", issue.Message);
    }

    [Fact]
    public void Too_few_examples_is_a_file_level_error()
    {
        var report = ChatJsonl.Validate(string.Join("\n", ChatJsonl.ValidLines(9)));

        var issue = Assert.Single(report.Errors);
        Assert.Equal((0, IssueKinds.TooFewExamples, (string?)null), (issue.Line, issue.Kind, issue.Field));
        Assert.Contains("9", issue.Message);
    }

    [Fact]
    public void Empty_file_has_too_few_examples()
    {
        var report = ChatJsonl.Validate([]);

        Assert.Equal(IssueKinds.TooFewExamples, Assert.Single(report.Errors).Kind);
        Assert.Equal(0, report.Statistics.ExampleCount);
    }

    [Fact]
    public void Binary_file_gets_one_error_and_is_not_checked_line_by_line()
    {
        var bytes = new byte[20_000];
        new Random(7).NextBytes(bytes);
        bytes[100] = 0;

        var report = ChatJsonl.Validate(bytes);

        var issue = Assert.Single(report.Errors);
        Assert.Equal((1, IssueKinds.BinaryFile), (issue.Line, issue.Kind));
        Assert.Empty(report.Warnings);
        Assert.Equal(20_000, report.Statistics.Bytes);
    }

    [Fact]
    public void Utf16_file_is_a_wrong_encoding_error()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(string.Join("\n", ChatJsonl.ValidLines()))).ToArray();

        var report = ChatJsonl.Validate(bytes);

        Assert.Equal(IssueKinds.WrongEncoding, Assert.Single(report.Errors).Kind);
    }

    [Fact]
    public void Example_over_the_token_limit_is_a_truncation_warning()
    {
        var options = new DatasetValidationOptions { MaxTokensPerExample = 40 };
        var longOne = """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":""" + "\"" + string.Join(" ", Enumerable.Repeat("word", 60)) + "\"}]}";

        var report = ChatJsonl.Validate(ChatJsonl.WithBadLine(longOne), options);

        Assert.False(report.HasErrors);
        var issue = Assert.Single(report.Warnings);
        Assert.Equal((11, IssueKinds.TooManyTokens, "messages"), (issue.Line, issue.Kind, issue.Field));
        Assert.Equal(1, report.Statistics.TruncatedExamples);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7)]
    [InlineData(333)]
    public void Line_over_the_byte_cap_is_an_error_and_later_lines_keep_their_numbers(int? readSize)
    {
        var options = new DatasetValidationOptions { MaxLineBytes = 300 };
        var lines = ChatJsonl.ValidLines();
        lines.Insert(4, """{"messages":[{"role":"user","content":""" + "\"" + new string('x', 2000) + "\"}]}");
        lines.Add("""{"messages":[{"role":"user","content":"q"},{"role":"asistant","content":"a"}]}""");

        var report = ChatJsonl.Validate(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"), options, readSize);

        Assert.Equal(
            [(5, IssueKinds.LineTooLong), (12, IssueKinds.UnknownRole)],
            report.Errors.Select(e => (e.Line, e.Kind)));
        Assert.Equal(11, report.Statistics.ExampleCount);
    }

    [Fact]
    public void Each_kind_lists_only_the_first_n_but_counts_all()
    {
        var lines = ChatJsonl.ValidLines().Concat(Enumerable.Repeat("[]", 30));

        var report = ChatJsonl.Validate(string.Join("\n", lines), new DatasetValidationOptions { MaxIssuesPerKind = 5 });

        Assert.Equal([11, 12, 13, 14, 15], report.Errors.Select(e => e.Line));
        Assert.Equal(30, report.CountsByKind[IssueKinds.NotAnObject]);
        Assert.Equal(30, report.ErrorCount);
        var group = Assert.Single(report.GroupByKind());
        Assert.Equal((IssueKinds.NotAnObject, 30, 5), (group.Kind, group.Count, group.First.Count));
    }

    [Fact]
    public void Issue_kinds_are_unique_kebab_case_codes()
    {
        Assert.Equal(IssueKinds.All.Count, IssueKinds.All.Distinct().Count());
        Assert.All(IssueKinds.All, k => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", k));
        Assert.Equal(IssueSeverity.Warning, IssueKinds.SeverityOf(IssueKinds.Bom));
        Assert.Equal(IssueSeverity.Error, IssueKinds.SeverityOf(IssueKinds.InvalidJson));
    }
}
