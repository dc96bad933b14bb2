using System.Text;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Simulator;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Simulator.Integration;

public sealed class SampleDatasetsTests
{
    [Fact]
    public void Samples_written_twice_are_byte_identical()
    {
        var first = Path.Combine(Path.GetTempPath(), "modelhub-samples", Guid.NewGuid().ToString("N"));
        var second = Path.Combine(Path.GetTempPath(), "modelhub-samples", Guid.NewGuid().ToString("N"));
        try
        {
            var a = new SampleDatasetFolder(first).EnsureWritten();
            var b = new SampleDatasetFolder(second).WriteAll();

            Assert.Equal(SampleDatasets.All.Count, a.Count);
            Assert.All(a.Zip(b), pair => Assert.Equal(File.ReadAllBytes(pair.First), File.ReadAllBytes(pair.Second)));
            Assert.Equal(SampleDatasets.CleanTrain(), SampleDatasets.CleanTrain());
        }
        finally
        {
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    [Fact]
    public void Clean_split_is_300_and_100_distinct_balanced_examples()
    {
        var train = Lines(SampleDatasets.CleanTrain());
        var validation = Lines(SampleDatasets.CleanValidation());

        Assert.Equal(SampleDatasets.TrainCount, train.Count);
        Assert.Equal(SampleDatasets.ValidationCount, validation.Count);
        Assert.Empty(train.Intersect(validation));
        Assert.All(new[] { "positive", "negative", "neutral" }, label => Assert.InRange(train.Count(l => l.Contains($"\"{label}\"")), 90, 110));
    }

    [Fact]
    public void Shuffled_set_has_the_same_reviews_and_label_counts_but_other_labels()
    {
        var clean = Lines(SampleDatasets.CleanTrain());
        var shuffled = Lines(SampleDatasets.ShuffledTrain());

        Assert.Equal(clean.Count, shuffled.Count);
        Assert.True(clean.Zip(shuffled).Count(p => p.First != p.Second) > clean.Count / 2);
        Assert.Equal(clean.Count(l => l.EndsWith("\"positive\"}]}")), shuffled.Count(l => l.EndsWith("\"positive\"}]}")));
    }

    [Fact]
    public void Format_check_accepts_clean_samples_and_rejects_the_mistakes_file()
    {
        Assert.Null(FineTuneFileCheck.Check(Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())));
        Assert.Null(FineTuneFileCheck.Check(Encoding.UTF8.GetBytes(SampleDatasets.ShuffledTrain())));

        var error = FineTuneFileCheck.Check(Encoding.UTF8.GetBytes(SampleDatasets.FormatMistakes()));

        Assert.NotNull(error);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("6 more problem(s)", error.Message);
    }

    private static List<string> Lines(string jsonl) => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
