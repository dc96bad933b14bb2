using System.Security.Cryptography;
using System.Text;
using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Tests.Datasets;

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

    // Progress<T> posts to the thread pool; the test needs every report before it asserts.
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
