using System.Text;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public sealed class DuplicateCountTests
{
    [Fact]
    public async Task Every_repeated_example_is_counted_once_across_many_read_chunks()
    {
        const int copies = 100;
        var sample = SampleDatasets.CleanTrain();
        var distinct = sample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var content = new StringBuilder();
        for (var i = 0; i < copies; i++)
        {
            content.Append(sample);
        }

        var bytes = Encoding.UTF8.GetBytes(content.ToString());
        Assert.True(bytes.Length > 8 << 20, "The file must span several of the validator's read chunks.");
        var report = await DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions { CountTokens = false });

        Assert.Equal(distinct * (copies - 1), report.CountsByKind[IssueKinds.DuplicateExample]);
        Assert.Equal(distinct * copies, report.Statistics.ExampleCount);
    }

    [Fact]
    public async Task A_duplicate_names_the_first_copy_even_chunks_apart_and_the_kept_ones_are_the_earliest()
    {
        const int lines = 60_000;
        // Copy line → original line: within a piece, pieces apart, and megabytes (several read chunks) apart.
        var copies = new Dictionary<int, int> { [5] = 2, [12_000] = 11_000, [33_333] = 3, [45_000] = 44_999, [59_990] = 30_001, [59_991] = 30_001 };
        var content = new StringBuilder();
        for (var line = 1; line <= lines; line++)
        {
            var example = copies.TryGetValue(line, out var original) ? original : line;
            content.Append($$"""{"messages":[{"role":"user","content":"question {{example}} {{new string('x', 120)}}"},{"role":"assistant","content":"answer {{example}}"}]}""");
            content.Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(content.ToString());
        Assert.True(bytes.Length > 8 << 20, "The file must span several of the validator's read chunks.");
        var report = await DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions { CountTokens = false, MaxIssuesPerKind = 4 });

        var duplicates = report.Warnings.Concat(report.Errors).Where(i => i.Kind == IssueKinds.DuplicateExample).ToList();
        Assert.Equal(copies.Count, report.CountsByKind[IssueKinds.DuplicateExample]);
        Assert.Equal([5, 12_000, 33_333, 45_000], duplicates.Select(d => d.Line));
        Assert.All(duplicates, d => Assert.Contains($"Same example as line {copies[d.Line]};", d.Message));
    }
}
