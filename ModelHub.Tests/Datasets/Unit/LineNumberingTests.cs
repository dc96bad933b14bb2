using System.Text;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

/// <summary>Line numbers stay exact when a file spans many read chunks, each split between workers that number their own run.</summary>
public sealed class LineNumberingTests
{
    [Fact]
    public async Task Faults_far_into_a_multi_chunk_file_are_reported_on_their_exact_lines()
    {
        const int lines = 60_000;
        var faulty = new SortedSet<int> { 1, 2, 17_389, 29_999, 30_000, 30_001, 44_444, 59_999, lines };
        var content = new StringBuilder();
        for (var line = 1; line <= lines; line++)
        {
            content.Append(faulty.Contains(line)
                ? "[]"
                : $$"""{"messages":[{"role":"user","content":"question {{line}} {{new string('x', 120)}}"},{"role":"assistant","content":"answer {{line}}"}]}""");
            content.Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(content.ToString());
        Assert.True(bytes.Length > 8 << 20, "The file must span several of the validator's read chunks.");

        var report = await DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions { CountTokens = false, MaxIssuesPerKind = 100 });

        Assert.Equal(faulty, report.Errors.Where(e => e.Kind == IssueKinds.NotAnObject).Select(e => e.Line));
        Assert.Equal(lines - faulty.Count, report.Statistics.ExampleCount);
    }

    [Fact]
    public async Task The_issues_kept_of_a_kind_are_the_first_in_the_file_and_the_count_covers_all()
    {
        const int lines = 60_000;
        var content = new StringBuilder();
        for (var line = 1; line <= lines; line++)
        {
            // Every 7th line is a fault: they land in every piece that every thread checks.
            content.Append(line % 7 == 0
                ? "null"
                : $$"""{"messages":[{"role":"user","content":"question {{line}} {{new string('x', 120)}}"},{"role":"assistant","content":"answer {{line}}"}]}""");
            content.Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(content.ToString());
        var report = await DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions { CountTokens = false, MaxIssuesPerKind = 5 });

        Assert.Equal([7, 14, 21, 28, 35], report.Errors.Where(e => e.Kind == IssueKinds.NotAnObject).Select(e => e.Line));
        Assert.Equal(lines / 7, report.CountsByKind[IssueKinds.NotAnObject]);
    }
}
