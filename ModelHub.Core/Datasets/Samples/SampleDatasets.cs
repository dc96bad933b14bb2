using System.Text;
using System.Text.Json;

namespace ModelHub.Core.Datasets.Samples;

/// <summary>One sample dataset: its file name, what it shows, and its JSONL text.</summary>
public sealed record SampleDataset(string FileName, string Description, string Content);

/// <summary>
/// Deterministic sample chat datasets: a clean sentiment train/validation pair built from templates (so that a model
/// learning from the user text really generalises), the same training set with shuffled labels, and a file showing
/// the usual format mistakes. Same bytes on every run and machine.
/// </summary>
public static class SampleDatasets
{
    public const string CleanTrainFile = "sentiment-train.jsonl";
    public const string CleanValidationFile = "sentiment-validation.jsonl";
    public const string ShuffledTrainFile = "sentiment-train-shuffled-labels.jsonl";
    public const string FormatMistakesFile = "format-mistakes.jsonl";

    public const string SystemPrompt = "Classify the sentiment of the customer review as positive, negative or neutral. Answer with one word.";

    public const int TrainCount = 300;
    public const int ValidationCount = 100;

    private static readonly string[] Labels = ["positive", "negative", "neutral"];

    private static readonly string[] Products =
    [
        "blender", "headphones", "backpack", "coffee maker", "desk lamp", "running shoes", "phone case", "water bottle",
        "keyboard", "vacuum cleaner", "rain jacket", "board game", "electric kettle", "office chair",
    ];

    private static readonly string[] Openers = ["I bought the", "We ordered the", "My partner got me the", "Last month I tried the", "After a week with the", "I have been using the"];

    private static readonly Dictionary<string, string[]> Phrases = new()
    {
        ["positive"] =
        [
            "it works brilliantly", "the quality is excellent", "I absolutely love it", "it exceeded my expectations",
            "it is fantastic value", "setup was quick and easy", "it feels sturdy and premium", "customer service was wonderful",
            "I would happily recommend it", "it is a delight to use", "it arrived early and perfect", "best purchase this year",
        ],
        ["negative"] =
        [
            "it broke within days", "the quality is terrible", "I deeply regret buying it", "it is a complete waste of money",
            "it stopped working", "support never answered me", "it feels cheap and flimsy", "it arrived damaged",
            "I returned it immediately", "it is awful to use", "the instructions were useless", "worst purchase this year",
        ],
        ["neutral"] =
        [
            "it does what it says", "it is okay I suppose", "nothing special either way", "it is an average product",
            "it is fine for the price", "it meets basic needs", "it is neither good nor bad", "it is adequate",
            "it works as described", "it is about what I expected", "it is a standard model", "no strong feelings about it",
        ],
    };

    private static readonly Dictionary<string, string[]> Closings = new()
    {
        ["positive"] = ["Five stars.", "Really happy overall.", "Great buy!", "Would buy again."],
        ["negative"] = ["One star.", "Very disappointed.", "Avoid it.", "Never again."],
        ["neutral"] = ["Three stars.", "It is what it is.", "Make of that what you will.", "Fair enough."],
    };

    /// <summary>All samples, in a fixed order.</summary>
    public static IReadOnlyList<SampleDataset> All { get; } =
    [
        new(CleanTrainFile, $"{TrainCount} clean sentiment examples for training", CleanTrain()),
        new(CleanValidationFile, $"{ValidationCount} held-out sentiment examples for validation", CleanValidation()),
        new(ShuffledTrainFile, "The training set with its labels shuffled: nothing to learn", ShuffledTrain()),
        new(FormatMistakesFile, "Typical format mistakes a validator must catch", FormatMistakes()),
    ];

    public static string CleanTrain() => ToJsonl(Reviews().Take(TrainCount));

    public static string CleanValidation() => ToJsonl(Reviews().Skip(TrainCount).Take(ValidationCount));

    /// <summary>The clean training reviews with their labels permuted (a seeded Fisher-Yates shuffle).</summary>
    public static string ShuffledTrain()
    {
        var reviews = Reviews().Take(TrainCount).ToList();
        var labels = reviews.Select(r => r.Label).ToArray();
        var random = new SplitMix(20261126);
        for (var i = labels.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (labels[i], labels[j]) = (labels[j], labels[i]);
        }

        return ToJsonl(reviews.Select((r, i) => r with { Label = labels[i] }));
    }

    /// <summary>A short file where most lines carry one classic mistake; the comments in each name it.</summary>
    public static string FormatMistakes()
    {
        var lines = new[]
        {
            Line(new Review("The kettle boils fast and looks great.", "positive")),
            """{"messages":[{"role":"system","content":"Classify the sentiment."},{"role":"user","content":"Arrived late."},{"role":"asistant","content":"negative"}]}""",
            """{"messages":[{"role":"user","content":"It is fine."},{"role":"assistant"}]}""",
            """{"messages":[{"role":"user","content":"Broke in a day."},{"role":"assistant","content":"negative"}]""",
            "",
            """["user","This is not an object","positive"]""",
            """{"prompt":"Old completions format","completion":"positive"}""",
            """{"messages":[{"role":"system","content":"Classify the sentiment."},{"role":"user","content":"No answer given here."}]}""",
            Line(new Review("Does what it says on the box.", "neutral")),
        };
        return string.Join("\n", lines) + "\n";
    }

    private sealed record Review(string Text, string Label);

    /// <summary>Unique reviews in a fixed pseudo-random order; labels rotate so every slice is balanced.</summary>
    private static IEnumerable<Review> Reviews()
    {
        var random = new SplitMix(42);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var produced = 0;
        while (produced < TrainCount + ValidationCount)
        {
            var label = Labels[produced % Labels.Length];
            var phrases = Phrases[label];
            var first = phrases[random.Next(phrases.Length)];
            var second = phrases[random.Next(phrases.Length)];
            if (first == second)
            {
                continue;
            }

            var text = $"{Openers[random.Next(Openers.Length)]} {Products[random.Next(Products.Length)]}: {first} and {second}. {Closings[label][random.Next(Closings[label].Length)]}";
            if (seen.Add(text))
            {
                produced++;
                yield return new Review(text, label);
            }
        }
    }

    private static string ToJsonl(IEnumerable<Review> reviews)
    {
        var text = new StringBuilder();
        foreach (var review in reviews)
        {
            text.Append(Line(review)).Append('\n');
        }

        return text.ToString();
    }

    private static string Line(Review review) => JsonSerializer.Serialize(new
    {
        messages = new[]
        {
            new { role = "system", content = SystemPrompt },
            new { role = "user", content = review.Text },
            new { role = "assistant", content = review.Label },
        },
    });

    /// <summary>A tiny PRNG with a fixed algorithm, so output never depends on the runtime's Random implementation.</summary>
    private sealed class SplitMix(ulong seed)
    {
        private ulong state = seed;

        public int Next(int exclusiveMax)
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            return (int)(z % (ulong)exclusiveMax);
        }
    }
}
