namespace ModelHub.Core.Datasets.Tokens;

/// <summary>Counts tokens the way a base model's tokenizer would; implementations are thread-safe singletons.</summary>
public interface ITokenCounter
{
    /// <summary>Name of the encoding, e.g. <c>o200k_base</c>.</summary>
    string Encoding { get; }

    /// <summary>Number of tokens <paramref name="text"/> encodes to.</summary>
    int CountTokens(ReadOnlySpan<char> text);
}
