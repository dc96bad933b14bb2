using System.Text;

namespace ModelHub.Bench;

/// <summary>Writes a deterministic chat fine-tuning JSONL file of a given size, streamed to disk line by line.</summary>
internal static class ChatDatasetGenerator
{
    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "an", "el", "in", "or", "us", "ber", "con", "dis",
        "ent", "for", "gra", "har", "ion", "jus", "ket", "lin", "mor", "nat", "ope", "pre", "qua", "res", "sto", "tri",
    ];

    private static readonly string[] Common =
    [
        "the", "a", "to", "of", "and", "in", "is", "it", "you", "that", "for", "on", "with", "as", "this", "be", "are",
        "your", "can", "will", "order", "account", "refund", "please", "thanks", "help", "model", "data", "error",
        "file", "price", "plan", "team", "week", "today", "café", "naïve", "über", "日本", "数据", "🙂",
    ];

    private static readonly string[] Systems =
    [
        "You are a concise support agent for an online store.",
        "You are a helpful assistant that answers in plain English.",
        "You are ModelHub's release assistant. Be precise and cite the version.",
        "Reply as a friendly tutor; explain one step at a time.",
    ];

    public static long Write(string path, long targetBytes, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var line = new StringBuilder(8192);
        var utf8 = new UTF8Encoding(false);
        byte[] bytes = new byte[1 << 16];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        long written = 0;
        var examples = 0;
        while (written < targetBytes)
        {
            line.Clear();
            Example(line, rng, examples++);
            line.Append('\n');
            var needed = utf8.GetMaxByteCount(line.Length);
            if (bytes.Length < needed)
            {
                bytes = new byte[needed];
            }

            var count = utf8.GetBytes(line.ToString(), bytes);
            file.Write(bytes, 0, count);
            written += count;
        }

        return written;
    }

    private static void Example(StringBuilder sb, SplitMix64 rng, int index)
    {
        sb.Append("{\"messages\":[{\"role\":\"system\",\"content\":\"").Append(Systems[rng.Next(Systems.Length)]).Append("\"}");
        var turns = 1 + rng.Next(3);
        for (var t = 0; t < turns; t++)
        {
            sb.Append(",{\"role\":\"user\",\"content\":\"");
            if (t == 0)
            {
                sb.Append("Ticket ").Append(index).Append(": ");
            }

            Sentence(sb, rng, 8 + rng.Next(40));
            sb.Append("?\"},{\"role\":\"assistant\",\"content\":\"");
            Sentence(sb, rng, 20 + rng.Next(160));
            sb.Append(rng.Next(10) == 0 ? ".\",\"weight\":0}" : ".\"}");
        }

        sb.Append("]}");
    }

    private static void Sentence(StringBuilder sb, SplitMix64 rng, int words)
    {
        for (var w = 0; w < words; w++)
        {
            if (w > 0)
            {
                sb.Append(rng.Next(12) == 0 ? ", " : " ");
            }

            if (rng.Next(3) > 0)
            {
                sb.Append(Common[rng.Next(Common.Length)]);
                continue;
            }

            // Zipf-like rare words so tokenizer caches cannot hold the whole vocabulary.
            var rank = (int)Math.Pow(rng.Next(1 << 20), 0.8);
            do
            {
                sb.Append(Syllables[rank % Syllables.Length]);
                rank /= Syllables.Length;
            }
            while (rank > 0);

            if (rng.Next(25) == 0)
            {
                sb.Append(rng.Next(100)).Append(rng.Next(7) == 0 ? "\\n" : string.Empty);
            }
        }
    }

    /// <summary>Small, fast and stable across runtimes, unlike <see cref="Random"/> with a seed.</summary>
    private sealed class SplitMix64(ulong state)
    {
        public int Next(int bound)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)bound);
        }
    }
}
