using System.IO.Compression;
using System.Reflection;
using Microsoft.ML.Tokenizers;

namespace ModelHub.Core.Datasets.Tokens;

/// <summary>One tokenizer per encoding for the whole process, chosen by base model family.</summary>
public static class TokenizerCatalog
{
    public const string O200kBase = "o200k_base";
    public const string Cl100kBase = "cl100k_base";

    // Loading a vocabulary takes ~100 ms and tens of MB: do it once, on first use, per encoding.
    private static readonly Lazy<ITokenCounter> O200k =
        new(() => new TiktokenTokenCounter(O200kBase, Create("gpt-4o", "Microsoft.ML.Tokenizers.Data.O200kBase", O200kBase)));

    private static readonly Lazy<ITokenCounter> Cl100k =
        new(() => new TiktokenTokenCounter(Cl100kBase, Create("gpt-4", "Microsoft.ML.Tokenizers.Data.Cl100kBase", Cl100kBase)));

    // The library's default cache keeps the BPE result of the last 8,192 words outside the vocabulary. Validating a
    // file streams millions of distinct rare words through it: each result lives just long enough to be promoted, then
    // is evicted, and that garbage piles up until a full collection (200+ MB peak for a 1 GB upload). A one-entry cache
    // makes every result short-lived: the same token counts and, measured on the benchmark file, the same CPU time,
    // since vocabulary words never go through the cache; peak memory ~135 MB.
    private const int BpeCacheSize = 1;

    // Older OpenAI families use cl100k_base; everything newer (gpt-4o, gpt-4.1, o-series, gpt-5) uses o200k_base.
    private static readonly string[] Cl100kPrefixes = ["gpt-3.5", "gpt-35", "babbage-002", "davinci-002"];

    // Same as CreateForEncoding (the model name picks the encoding's regex and special tokens, the data package ships
    // the vocabulary), except that this overload takes the cache size.
    private static Tokenizer Create(string model, string dataAssembly, string encoding)
    {
        using var packed = Assembly.Load(dataAssembly).GetManifestResourceStream($"{encoding}.tiktoken.deflate")
            ?? throw new InvalidOperationException($"{dataAssembly} does not carry the {encoding} vocabulary.");
        using var vocabulary = new DeflateStream(packed, CompressionMode.Decompress);
        return TiktokenTokenizer.CreateForModel(model, vocabulary, extraSpecialTokens: null, cacheSize: BpeCacheSize, normalizer: null);
    }

    /// <summary>The encoding a base model uses, and whether that is known (false: another vendor's model, counted with o200k_base as an approximation).</summary>
    public static (string Encoding, bool Exact) EncodingFor(string baseModel)
    {
        var model = baseModel.Trim();
        if (Cl100kPrefixes.Any(p => model.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || IsPlainGpt4(model))
        {
            return (Cl100kBase, true);
        }

        var known = model.StartsWith("gpt-", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("o1", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("o3", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("o4", StringComparison.OrdinalIgnoreCase);
        return (O200kBase, known);
    }

    /// <summary>The shared counter for an encoding name.</summary>
    public static ITokenCounter ForEncoding(string encoding) => encoding switch
    {
        O200kBase => O200k.Value,
        Cl100kBase => Cl100k.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown encoding."),
    };

    /// <summary>The shared counter for a base model's family.</summary>
    public static ITokenCounter ForModel(string baseModel) => ForEncoding(EncodingFor(baseModel).Encoding);

    // "gpt-4", "gpt-4-0613", "gpt-4-turbo" are cl100k; "gpt-4o…" and "gpt-4.1…" are not.
    private static bool IsPlainGpt4(string model) =>
        model.StartsWith("gpt-4", StringComparison.OrdinalIgnoreCase)
        && (model.Length == 5 || model[5] == '-');
}
