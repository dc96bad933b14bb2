using System.Text;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

/// <summary>Builds JSONL datasets for tests and runs the validator on them.</summary>
internal static class ChatJsonl
{
    public static string Example(int i) =>
        $$"""{"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Question {{i}}?"},{"role":"assistant","content":"Answer {{i}}."}]}""";

    /// <summary>Ten valid, distinct examples (the provider's minimum), one per line.</summary>
    public static List<string> ValidLines(int count = 10) => Enumerable.Range(1, count).Select(Example).ToList();

    /// <summary>Ten valid lines with <paramref name="bad"/> appended as line 11.</summary>
    public static string WithBadLine(string bad) => string.Join("\n", [.. ValidLines(), bad]) + "\n";

    public static DatasetValidationReport Validate(string text, DatasetValidationOptions? options = null) =>
        Validate(Encoding.UTF8.GetBytes(text), options);

    // Tests and properties are synchronous; the validator only awaits stream reads on a MemoryStream.
    public static DatasetValidationReport Validate(byte[] bytes, DatasetValidationOptions? options = null, int? readSize = null)
    {
        Stream stream = readSize is { } size ? new TrickleStream(bytes, size) : new MemoryStream(bytes);
        return DatasetValidator.ValidateAsync(stream, options ?? new DatasetValidationOptions()).GetAwaiter().GetResult();
    }

    /// <summary>A stream that hands out at most a few bytes per read, to exercise lines split across reads.</summary>
    private sealed class TrickleStream(byte[] bytes, int size) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, size));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, size)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, size)], cancellationToken);
    }
}
