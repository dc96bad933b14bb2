using ModelHub.Core.Datasets.Statistics;
using ModelHub.Core.Datasets.Tokens;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public class DatasetStatisticsTests
{
    [Fact]
    public void Percentiles_interpolate_between_ranks_like_numpy()
    {
        var values = new ValueFrequencies();
        foreach (var v in new[] { 7, 1, 3, 2, 10, 4, 5, 6, 9, 8 })
        {
            values.Add(v);
        }

        var d = values.ToDistribution();

        Assert.Equal(new Distribution(1, 5.5, 9.1, 10, 5.5), d! with { P90 = Math.Round(d.P90, 6) });
    }

    [Fact]
    public void Percentiles_of_repeated_values_and_a_single_value()
    {
        var values = new ValueFrequencies();
        foreach (var v in new[] { 4, 4, 4, 100 })
        {
            values.Add(v);
        }

        var one = new ValueFrequencies();
        one.Add(42);

        Assert.Equal(4, values.ToDistribution()!.Median);
        Assert.Equal(71.2, values.ToDistribution()!.P90, 6);
        Assert.Equal(new Distribution(42, 42, 42, 42, 42), one.ToDistribution());
        Assert.Null(new ValueFrequencies().ToDistribution());
    }

    [Fact]
    public void Histogram_covers_min_to_max_and_counts_every_value()
    {
        var values = new ValueFrequencies();
        for (var v = 10; v <= 109; v++)
        {
            values.Add(v);
        }

        values.Add(109);
        var h = values.ToHistogram(10);

        Assert.Equal(h.Counts.Count + 1, h.Edges.Count);
        Assert.Equal(10, h.Edges[0]);
        Assert.True(h.Edges[^1] > 109);
        Assert.Equal(101, h.Counts.Sum());
        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 11], h.Counts);
    }

    [Fact]
    public void Histogram_of_one_distinct_value_has_one_bucket()
    {
        var values = new ValueFrequencies();
        values.Add(5);
        values.Add(5);

        var h = values.ToHistogram(20);

        Assert.Equal([5L, 6L], h.Edges);
        Assert.Equal([2L], h.Counts);
    }

    [Fact]
    public void Tokens_are_counted_per_message_with_the_chat_overhead()
    {
        // "Hello, world!" is 4 tokens; each message adds 3 + 1 for the role, and the reply primer 3.
        var line = """{"messages":[{"role":"user","content":"Hello, world!"},{"role":"assistant","content":"Hello, world!"}]}""";
        var lines = Enumerable.Repeat(line, 1).Concat(ChatJsonl.ValidLines());

        var report = ChatJsonl.Validate(string.Join("\n", lines));
        var stats = report.Statistics;

        Assert.Equal(4, TokenizerCatalog.ForEncoding(TokenizerCatalog.O200kBase).CountTokens("Hello, world!"));
        Assert.Equal(19, stats.TokensPerExample!.Min);
        Assert.Equal(TokenizerCatalog.O200kBase, stats.Encoding);
        Assert.True(stats.EncodingIsExact);
        Assert.Equal(11, stats.ExampleCount);
        Assert.Equal(2, stats.MessagesPerExample!.Min);
        Assert.Equal(3, stats.MessagesPerExample.Max);
        Assert.Equal(4, stats.AssistantTokensPerExample!.Max);
        Assert.Equal(stats.TotalTokens, stats.BillableTokensPerEpoch);
        Assert.Equal(11, stats.TokenHistogram.Counts.Sum());
    }

    [Theory]
    [InlineData(TokenizerCatalog.O200kBase)]
    [InlineData(TokenizerCatalog.Cl100kBase)]
    public void Catalog_counters_count_like_the_librarys_own_encoding(string encoding)
    {
        var reference = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding(encoding);
        string[] texts =
        [
            "Hello, world!",
            "Zorblathic quennivar trumspeck, déjà vu: 東京の天気は？ 🚀🚀 x\n\ny",
            "  leading spaces, 12345 numbers, CamelCaseWords and snake_case_words\t\r\n",
        ];

        // Twice: the second pass goes through whatever the tokenizer cached on the first.
        foreach (var text in texts.Concat(texts))
        {
            Assert.Equal(
                reference.CountTokens(text, considerPreTokenization: true, considerNormalization: true),
                TokenizerCatalog.ForEncoding(encoding).CountTokens(text));
        }
    }

    [Theory]
    [InlineData(TokenizerCatalog.O200kBase)]
    [InlineData(TokenizerCatalog.Cl100kBase)]
    public void Special_token_strings_in_training_text_are_counted_as_text(string encoding)
    {
        // The provider never reads a control token out of message text: "<|endoftext|>" there is ordinary text.
        var counter = TokenizerCatalog.ForEncoding(encoding);

        // Read as a control token it would be 4 ("a", " ", <|endoftext|>, " b"); as text it is 10 in both encodings.
        Assert.Equal(10, counter.CountTokens("a <|endoftext|> b"));
    }

    [Fact]
    public void Billable_tokens_cap_each_example_at_the_limit()
    {
        var options = new DatasetValidationOptions { MaxTokensPerExample = 60 };
        var longOne = """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":""" + "\"" + string.Join(" ", Enumerable.Repeat("word", 100)) + "\"}]}";

        var stats = ChatJsonl.Validate(ChatJsonl.WithBadLine(longOne), options).Statistics;

        Assert.Equal(1, stats.TruncatedExamples);
        Assert.True(stats.TotalTokens > stats.BillableTokensPerEpoch);
        Assert.Equal(stats.TotalTokens - stats.TokensPerExample!.Max + 60, stats.BillableTokensPerEpoch);
    }

    [Theory]
    [InlineData("gpt-4o-mini-2024-07-18", TokenizerCatalog.O200kBase, true)]
    [InlineData("gpt-4.1", TokenizerCatalog.O200kBase, true)]
    [InlineData("gpt-4o", TokenizerCatalog.O200kBase, true)]
    [InlineData("gpt-3.5-turbo-0125", TokenizerCatalog.Cl100kBase, true)]
    [InlineData("gpt-4-0613", TokenizerCatalog.Cl100kBase, true)]
    [InlineData("davinci-002", TokenizerCatalog.Cl100kBase, true)]
    [InlineData("claude-sonnet-4", TokenizerCatalog.O200kBase, false)]
    public void Encoding_follows_the_base_model_family(string model, string encoding, bool exact)
    {
        Assert.Equal((encoding, exact), TokenizerCatalog.EncodingFor(model));
        Assert.Same(TokenizerCatalog.ForModel(model), TokenizerCatalog.ForEncoding(encoding));
    }
}
