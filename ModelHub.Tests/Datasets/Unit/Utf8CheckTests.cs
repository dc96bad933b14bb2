using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Text.Unicode;
using CsCheck;
using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

/// <summary>The vectorised UTF-8 check must answer exactly as <see cref="Utf8.IsValid"/> does, wherever a sequence
/// falls relative to its 32- and 64-byte blocks.</summary>
public class Utf8CheckTests
{
    // Where a byte may sit: start of a block, just before and across each 32-byte boundary, and in the zero-padded tail.
    // Spans end there too, at a 64-byte boundary (so that an all-ASCII block comes last) and further on.
    private static readonly int[] Offsets = [0, 1, 13, 29, 30, 31, 32, 33, 61, 62, 63, 64, 65, 95, 127];

    // Bytes at the edges of every class the algorithm tells apart: ASCII, continuation ranges, each kind of lead byte.
    private static readonly byte[] Edges =
        [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
         0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF];

    [Fact]
    public void The_vector_path_is_the_one_under_test_on_this_machine()
    {
        // Elsewhere the check defers to Utf8.IsValid and these tests compare it with itself.
        Assert.True(Avx2.IsSupported || !X86Base.IsSupported, "An x64 CPU without AVX2: the vector path went untested.");
    }

    [Fact]
    public void Every_one_and_two_byte_sequence_is_judged_as_the_framework_does()
    {
        var buffer = new byte[160];
        for (var pair = 0; pair < 1 << 16; pair++)
        {
            var (a, b) = ((byte)(pair >> 8), (byte)pair);
            foreach (var at in pair % 7 == 0 ? Offsets : [31, 63])
            {
                Array.Fill(buffer, (byte)'a');
                buffer[at] = a;
                buffer[at + 1] = b;
                AssertAgrees(buffer.AsSpan(0, at + 2));
                AssertAgrees(buffer.AsSpan(0, 128));
                AssertAgrees(buffer);
            }
        }
    }

    [Fact]
    public void Every_three_and_four_byte_combination_of_edge_bytes_is_judged_as_the_framework_does()
    {
        var buffer = new byte[160];
        foreach (var a in Edges)
        foreach (var b in Edges)
        foreach (var c in Edges)
        foreach (var d in (byte[])[(byte)'a', .. Edges])
        foreach (var at in Offsets)
        {
            Array.Fill(buffer, (byte)'a');
            (buffer[at], buffer[at + 1], buffer[at + 2], buffer[at + 3]) = (a, b, c, d);
            AssertAgrees(buffer.AsSpan(0, at + 4));
            AssertAgrees(buffer.AsSpan(0, at + 3));
            AssertAgrees(buffer.AsSpan(0, 128));
            AssertAgrees(buffer);
        }
    }

    [Fact]
    public void Random_text_with_random_damage_is_judged_as_the_framework_does()
    {
        // Mostly ASCII with accents, CJK and emoji, as chat data is; then a few bytes replaced, inserted or removed.
        var character = Gen.Frequency(
            (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
            (1, Gen.OneOf<string>("é", "ü", "ñ", "数", "据", "日本", "🙂", "🎉", "\u0800", "\uFFFD", "\U0010FFFF", "\u07FF")));
        var text = character.Array[0, 200].Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));
        var edit = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Byte);
        Gen.Select(text, edit.Array[0, 3]).Sample(
            t =>
            {
                var bytes = t.Item1.ToList();
                foreach (var (kind, position, value) in t.Item2)
                {
                    var at = bytes.Count == 0 ? 0 : position % bytes.Count;
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0: bytes[at] = value; break;
                        case 1: bytes.Insert(at, value); break;
                        case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                    }
                }

                AssertAgrees(bytes.ToArray());
            },
            iter: 20_000);
    }

    [Fact]
    public void A_sequence_cut_by_the_end_of_the_span_is_invalid()
    {
        var snowman = "☃"u8.ToArray();
        for (var length = 0; length < 100; length++)
        {
            var bytes = Enumerable.Repeat((byte)'a', length).Concat(snowman[..2]).ToArray();
            Assert.False(Utf8Check.IsValid(bytes));
            Assert.True(Utf8Check.IsValid(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void A_sequence_cut_short_before_an_all_ASCII_block_is_not_completed_by_the_bytes_after_that_block()
    {
        // "€" is E2 82 AC: its first two bytes end one 64-byte block, its last starts the block after the next.
        var bytes = Enumerable.Repeat((byte)'a', 192).ToArray();
        (bytes[62], bytes[63], bytes[128]) = (0xE2, 0x82, 0xAC);
        Assert.False(Utf8Check.IsValid(bytes));
        Assert.False(Utf8Check.IsValid(bytes.AsSpan(0, 150)));
    }

    private static void AssertAgrees(ReadOnlySpan<byte> bytes)
    {
        var expected = Utf8.IsValid(bytes);
        if (Utf8Check.IsValid(bytes) != expected)
        {
            Assert.Fail($"Utf8.IsValid says {expected} for {Convert.ToHexString(bytes)}");
        }
    }
}
