namespace ModelHub.Core.Simulator;

/// <summary>Word-level text features the simulated models "learn" from; deliberately simple and deterministic.</summary>
internal static class TextVector
{
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Unit-length TF-IDF vector of <paramref name="words"/>.</summary>
    public static Dictionary<string, double> Weigh(IReadOnlyList<string> words, IReadOnlyDictionary<string, double> idf)
    {
        var vector = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            vector[word] = vector.GetValueOrDefault(word) + idf.GetValueOrDefault(word, 1.0);
        }

        var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
        if (norm > 0)
        {
            foreach (var key in vector.Keys.ToList())
            {
                vector[key] /= norm;
            }
        }

        return vector;
    }

    public static double Cosine(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var sum = 0.0;
        foreach (var (word, weight) in small)
        {
            if (large.TryGetValue(word, out var other))
            {
                sum += weight * other;
            }
        }

        return sum;
    }
}
