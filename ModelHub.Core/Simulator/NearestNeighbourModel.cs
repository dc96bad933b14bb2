namespace ModelHub.Core.Simulator;

/// <summary>
/// What a simulated fine-tune "learns": it answers with the reply of the training example whose user turns are
/// closest (TF-IDF cosine over words). Clean data generalises to held-out prompts; shuffled labels do not.
/// </summary>
public sealed class NearestNeighbourModel
{
    private readonly IReadOnlyList<(Dictionary<string, double> Vector, string Reply)> examples;
    private readonly Dictionary<string, double> idf;

    public NearestNeighbourModel(IReadOnlyList<TrainingExample> trainingExamples)
    {
        var tokenised = trainingExamples.Select(e => (Words: TextVector.Words(e.UserText), e.Reply)).ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in tokenised.SelectMany(t => t.Words.Distinct()))
        {
            documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        }

        idf = documentFrequency.ToDictionary(kv => kv.Key, kv => Math.Log((1.0 + tokenised.Count) / (1.0 + kv.Value)) + 1.0, StringComparer.Ordinal);
        examples = tokenised.Select(t => (TextVector.Weigh(t.Words, idf), t.Reply)).ToList();
    }

    public int Count => examples.Count;

    /// <summary>The reply of the closest example; null when there are no examples.</summary>
    public string? Answer(string userText) => Nearest(TextVector.Weigh(TextVector.Words(userText), idf), skip: -1);

    /// <summary>
    /// Leave-one-out accuracy above chance, scaled to 0..1: how well the data teaches its own labels.
    /// It sets the floor of the simulated loss curve. Samples at most <paramref name="maxExamples"/> for speed.
    /// </summary>
    public double Learnability(int maxExamples = 300)
    {
        if (examples.Count < 2)
        {
            return 0;
        }

        var sample = Math.Min(maxExamples, examples.Count);
        var stride = (double)examples.Count / sample;
        var hits = 0;
        for (var i = 0; i < sample; i++)
        {
            var index = (int)(i * stride);
            if (Nearest(examples[index].Vector, index) == examples[index].Reply)
            {
                hits++;
            }
        }

        var accuracy = (double)hits / sample;
        var chance = examples.GroupBy(e => e.Reply, StringComparer.Ordinal).Max(g => g.Count()) / (double)examples.Count;
        return chance >= 1 ? 1 : Math.Clamp((accuracy - chance) / (1 - chance), 0, 1);
    }

    private string? Nearest(Dictionary<string, double> query, int skip)
    {
        string? best = null;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < examples.Count; i++)
        {
            if (i == skip)
            {
                continue;
            }

            var score = TextVector.Cosine(query, examples[i].Vector);
            if (score > bestScore)
            {
                bestScore = score;
                best = examples[i].Reply;
            }
        }

        return best;
    }
}
