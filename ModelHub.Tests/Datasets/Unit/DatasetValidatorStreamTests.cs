using System.Security.Cryptography;
using System.Text;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public class DatasetValidatorStreamTests
{
    [Fact]
    public void Sha256_is_of_the_exact_bytes_read()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", ChatJsonl.ValidLines(50)));

        var report = ChatJsonl.Validate(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), report.Sha256);
        Assert.Equal(bytes.Length, report.Statistics.Bytes);
    }

    [Fact]
    public void Report_is_the_same_however_the_stream_splits_its_reads()
    {
        var lines = ChatJsonl.ValidLines(30);
        lines.Insert(7, "[]");
        lines.Insert(12, "");
        lines.Add(ChatJsonl.Example(2));
        var bytes = Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

        var whole = ChatJsonl.Validate(bytes);
        var trickled = ChatJsonl.Validate(bytes, readSize: 3);

        Assert.Equal(whole.Errors, trickled.Errors);
        Assert.Equal(whole.Warnings, trickled.Warnings);
        Assert.Equal(whole.Sha256, trickled.Sha256);
        Assert.Equal(whole.Statistics.TotalTokens, trickled.Statistics.TotalTokens);
        Assert.Equal(3, whole.ErrorCount + whole.WarningCount);
    }

    [Fact]
    public void Large_file_checked_by_several_workers_reports_lines_and_duplicates_in_file_order()
    {
        var lines = ChatJsonl.ValidLines(8000);
        lines[2999] = "[]";
        lines[3999] = ChatJsonl.Example(2);
        lines[7999] = ChatJsonl.Example(2);
        lines[4999] = "";
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));

        var report = ChatJsonl.Validate(bytes);
        var trickled = ChatJsonl.Validate(bytes, readSize: 100_003);

        Assert.True(bytes.Length > 1_000_000);
        Assert.Equal([(3000, IssueKinds.NotAnObject)], report.Errors.Select(e => (e.Line, e.Kind)));
        Assert.Equal(
            [(4000, IssueKinds.DuplicateExample), (5000, IssueKinds.BlankLine), (8000, IssueKinds.DuplicateExample)],
            report.Warnings.Select(w => (w.Line, w.Kind)));
        Assert.All(report.Warnings.Where(w => w.Kind == IssueKinds.DuplicateExample), w => Assert.Contains("line 2;", w.Message));
        Assert.Equal(7998, report.Statistics.ExampleCount);
        Assert.Equal(report.Errors, trickled.Errors);
        Assert.Equal(report.Warnings, trickled.Warnings);
        Assert.Equal(report.Statistics.TotalTokens, trickled.Statistics.TotalTokens);
        Assert.Equal(report.Statistics.TokensPerExample, trickled.Statistics.TokensPerExample);
    }

    [Fact]
    public async Task Progress_reports_the_bytes_read_up_to_the_total()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", ChatJsonl.ValidLines(5000)));
        var reports = new List<long>();

        await DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions { CountTokens = false }, new SyncProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal(bytes.Length, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public async Task Cancellation_stops_the_read()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", ChatJsonl.ValidLines(100)));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions(), null, cts.Token));
    }

    [Fact]
    public void Without_token_counting_the_checks_still_run_and_token_figures_are_absent()
    {
        var report = ChatJsonl.Validate(ChatJsonl.WithBadLine("[]"), new DatasetValidationOptions { CountTokens = false });

        Assert.Equal(IssueKinds.NotAnObject, Assert.Single(report.Errors).Kind);
        Assert.False(report.Statistics.TokensCounted);
        Assert.Null(report.Statistics.TokensPerExample);
        Assert.NotNull(report.Statistics.MessagesPerExample);
    }

    [Fact]
    public void Invalid_utf8_in_a_run_checked_by_several_workers_is_reported_on_its_own_line()
    {
        var lines = ChatJsonl.ValidLines(8000);
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));
        var at = Encoding.UTF8.GetByteCount(string.Join("\n", lines.Take(5000)) + "\n") + 5;
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        var report = ChatJsonl.Validate(bytes, new DatasetValidationOptions { CountTokens = false });

        var issue = Assert.Single(report.Errors);
        Assert.Equal((5001, IssueKinds.InvalidUtf8), (issue.Line, issue.Kind));
        Assert.Equal(7999, report.Statistics.ExampleCount);
    }

    [Fact]
    public void A_line_longer_than_the_read_buffer_is_checked_when_under_the_cap_and_dropped_when_over()
    {
        var huge = $$"""{"messages":[{"role":"user","content":"{{new string('x', 6 << 20)}}"},{"role":"assistant","content":"ok"}]}""";
        var lines = ChatJsonl.ValidLines(12);
        lines.Insert(3, huge);
        lines.Insert(9, "{\"role\":\"" + new string('y', 10 << 20) + "\"}");
        lines.Insert(11, "[]");
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));

        var report = ChatJsonl.Validate(bytes, new DatasetValidationOptions { CountTokens = false });

        Assert.Equal([(10, IssueKinds.LineTooLong), (12, IssueKinds.NotAnObject)], report.Errors.Select(e => (e.Line, e.Kind)));
        Assert.Equal(13, report.Statistics.ExampleCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), report.Sha256);
    }

    [Fact]
    public void Without_hashing_the_report_is_the_same_and_carries_no_sha256()
    {
        var lines = ChatJsonl.ValidLines(3000);
        lines[1000] = "[]";
        lines[2000] = ChatJsonl.Example(5);
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));
        var options = new DatasetValidationOptions { CountTokens = false };

        var hashed = ChatJsonl.Validate(bytes, options);
        var unhashed = ChatJsonl.Validate(bytes, options with { HashContent = false });

        Assert.Equal(hashed.Errors, unhashed.Errors);
        Assert.Equal(hashed.Warnings, unhashed.Warnings);
        Assert.Equal(hashed.Statistics.ExampleCount, unhashed.Statistics.ExampleCount);
        Assert.Equal(64, hashed.Sha256.Length);
        Assert.Equal(string.Empty, unhashed.Sha256);
    }

    // Progress<T> posts to the thread pool; the test needs every report before it asserts.
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
