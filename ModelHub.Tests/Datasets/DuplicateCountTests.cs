using System.Text;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Tests.Datasets;

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
}
