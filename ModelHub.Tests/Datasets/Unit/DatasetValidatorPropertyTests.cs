using System.Security.Cryptography;
using System.Text;
using CsCheck;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public class DatasetValidatorPropertyTests
{
    /// <summary>13 valid examples, one with content parts and non-ASCII text.</summary>
    internal static readonly byte[] ValidFile = Encoding.UTF8.GetBytes(
        string.Join("\n", ChatJsonl.ValidLines(12)) + "\n"
        + """{"messages":[{"role":"user","content":[{"type":"text","text":"é ☃ 🎉"}]},{"role":"assistant","content":"a","weight":1}]}""" + "\n");

    private static readonly DatasetValidationOptions Small = new() { MaxLineBytes = 512, MaxDepth = 16, MaxIssuesPerKind = 3 };

    [Fact]
    public void Random_bytes_never_throw_and_always_yield_a_report_with_their_sha()
    {
        Gen.Byte.Array[0, 3000].Sample(bytes => AssertSound(bytes, ChatJsonl.Validate(bytes, Small)), iter: 300);
    }

    [Fact]
    public void Randomly_corrupted_valid_files_never_throw_and_always_yield_a_report_with_their_sha()
    {
        Gen.Select(CorruptedValidFile, Gen.Int[1, 64]).Sample(
            t => AssertSound(t.Item1, ChatJsonl.Validate(t.Item1, Small, readSize: t.Item2)),
            iter: 300);
    }

    [Fact]
    public void Corrupting_one_byte_of_structure_is_always_caught_on_that_line()
    {
        // Removing any one brace or bracket breaks the JSON of exactly the line it was on.
        var text = Encoding.UTF8.GetString(ValidFile);
        var positions = Enumerable.Range(0, text.Length).Where(i => text[i] is '{' or '}' or '[' or ']').ToArray();
        Gen.Int[0, positions.Length - 1].Sample(
            p =>
            {
                var at = positions[p];
                var line = text[..at].Count(c => c == '\n') + 1;
                var report = ChatJsonl.Validate(text.Remove(at, 1));
                Assert.Contains(report.Errors, e => e.Line == line);
            },
            iter: 200);
    }

    private static void AssertSound(byte[] bytes, DatasetValidationReport report)
    {
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), report.Sha256);
        Assert.Equal(bytes.Length, report.Statistics.Bytes);
        Assert.All(report.Errors.Concat(report.Warnings), i => Assert.Contains(i.Kind, IssueKinds.All));
        Assert.All(report.CountsByKind, kv => Assert.True(kv.Value >= report.Errors.Concat(report.Warnings).Count(i => i.Kind == kv.Key)));
        Assert.True(report.Errors.Count <= 3 * IssueKinds.All.Count);
    }

    /// <summary><see cref="ValidFile"/> after 1 to 8 random edits: a byte replaced, a run inserted or a run removed.</summary>
    internal static readonly Gen<byte[]> CorruptedValidFile =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, ValidFile.Length], Gen.Int[1, 40], Gen.Byte).Array[1, 8].Select(edits => Corrupt(ValidFile, edits));

    private static byte[] Corrupt(byte[] source, (int Op, int At, int Length, byte Value)[] edits)
    {
        var bytes = new List<byte>(source);
        foreach (var (op, at, length, value) in edits)
        {
            var i = Math.Min(at, bytes.Count);
            switch (op)
            {
                case 0 when i < bytes.Count:
                    bytes[i] = value;
                    break;
                case 1:
                    bytes.InsertRange(i, Enumerable.Repeat(value, length));
                    break;
                default:
                    bytes.RemoveRange(i, Math.Min(length, bytes.Count - i));
                    break;
            }
        }

        return [.. bytes];
    }
}
