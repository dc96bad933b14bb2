using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Tells whether bytes are well-formed UTF-8 (the same answer as <see cref="Utf8.IsValid"/>), 32 bytes at a time.</summary>
/// <remarks>
/// <see cref="Utf8.IsValid"/> is fast on ASCII but walks text with a non-ASCII character every few words (names, accents,
/// CJK, emoji: what chat data is) at ~3.8 GB/s, a third of the validator's time. This is the lookup algorithm of
/// Keiser and Lemire, "Validating UTF-8 in less than one instruction per byte" (Software: Practice and Experience, 2021),
/// as simdjson and simdutf run it: three 16-entry table look-ups classify every pair of adjacent bytes, and two saturating
/// subtractions find where a third or fourth byte of a sequence must be a continuation. Without AVX2 it defers to
/// <see cref="Utf8.IsValid"/>. Tested against <see cref="Utf8.IsValid"/> on every short sequence and on random text.
/// </remarks>
internal static class Utf8Check
{
    // What a pair (previous byte, this byte) can be wrong with, one bit each; a pair is wrong when all three look-ups agree on a bit.
    private const byte TooShort = 1 << 0;   // lead byte, then ASCII or another lead byte
    private const byte TooLong = 1 << 1;    // ASCII, then a continuation byte
    private const byte Overlong3 = 1 << 2;  // E0, then 80..9F
    private const byte TooLarge = 1 << 3;   // F4, then 90..BF; F5..FF, then 80..BF
    private const byte Surrogate = 1 << 4;  // ED, then A0..BF
    private const byte Overlong2 = 1 << 5;  // C0 or C1, then a continuation byte
    private const byte TooLarge1000 = 1 << 6; // F5..FF, then 80..8F
    private const byte Overlong4 = 1 << 6;  // F0, then 80..8F
    private const byte TwoContinuations = 1 << 7; // a continuation byte, then another (checked against the lengths below)
    private const byte Carry = TooShort | TooLong | TwoContinuations;

    public static bool IsValid(ReadOnlySpan<byte> bytes) => Avx2.IsSupported ? IsValidAvx2(bytes) : Utf8.IsValid(bytes);

    private static readonly Vector256<byte> FirstHigh = Table(
        TooLong, TooLong, TooLong, TooLong, TooLong, TooLong, TooLong, TooLong,
        TwoContinuations, TwoContinuations, TwoContinuations, TwoContinuations,
        TooShort | Overlong2,
        TooShort,
        TooShort | Overlong3 | Surrogate,
        TooShort | TooLarge | TooLarge1000 | Overlong4);

    private static readonly Vector256<byte> FirstLow = Table(
        Carry | Overlong3 | Overlong2 | Overlong4,
        Carry | Overlong2,
        Carry,
        Carry,
        Carry | TooLarge,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000 | Surrogate,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000);

    private static readonly Vector256<byte> SecondHigh = Table(
        TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, TooShort,
        TooLong | Overlong2 | TwoContinuations | Overlong3 | TooLarge1000 | Overlong4,
        TooLong | Overlong2 | TwoContinuations | Overlong3 | TooLarge,
        TooLong | Overlong2 | TwoContinuations | Surrogate | TooLarge,
        TooLong | Overlong2 | TwoContinuations | Surrogate | TooLarge,
        TooShort, TooShort, TooShort, TooShort);

    // The largest byte that may end a block without a sequence running on: in the last three positions, no lead
    // byte of a sequence longer than what is left.
    private static readonly Vector256<byte> LastComplete = Vector256.Create(
        [.. Enumerable.Repeat((byte)0xFF, 29), (byte)(0xF0 - 1), (byte)(0xE0 - 1), (byte)(0xC0 - 1)]);

    private static bool IsValidAvx2(ReadOnlySpan<byte> bytes)
    {
        // Locals, not the static fields, in the loop: the JIT keeps them in registers.
        var tables = new Tables(FirstHigh, FirstLow, SecondHigh, LastComplete);
        Vector256<byte> previous = default, error = default, incomplete = default;
        ref var start = ref MemoryMarshal.GetReference(bytes);
        var at = 0;
        for (; at <= bytes.Length - 64; at += 64)
        {
            var first = Vector256.LoadUnsafe(ref start, (nuint)at);
            var second = Vector256.LoadUnsafe(ref start, (nuint)(at + 32));
            if (((first | second) & Vector256.Create((byte)0x80)) == Vector256<byte>.Zero)
            {
                // ASCII only: fine unless the bytes before ended inside a sequence.
                error |= incomplete;
                continue;
            }

            Next(first, ref previous, ref error, ref incomplete, tables);
            Next(second, ref previous, ref error, ref incomplete, tables);
        }

        for (; at <= bytes.Length - 32; at += 32)
        {
            Next(Vector256.LoadUnsafe(ref start, (nuint)at), ref previous, ref error, ref incomplete, tables);
        }

        if (at < bytes.Length)
        {
            // The rest, padded with zeros: ASCII, so a sequence cut short at the end shows as one.
            Span<byte> tail = stackalloc byte[32];
            tail.Clear();
            bytes[at..].CopyTo(tail);
            Next(Vector256.Create<byte>(tail), ref previous, ref error, ref incomplete, tables);
        }

        return (error | incomplete) == Vector256<byte>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Next(Vector256<byte> input, ref Vector256<byte> previous, ref Vector256<byte> error, ref Vector256<byte> incomplete, in Tables tables)
    {
        // The bytes 1, 2 and 3 places back, across the boundary from the block before.
        var joined = Avx2.Permute2x128(previous, input, 0x21);
        var prev1 = Avx2.AlignRight(input, joined, 16 - 1);
        var prev2 = Avx2.AlignRight(input, joined, 16 - 2);
        var prev3 = Avx2.AlignRight(input, joined, 16 - 3);

        var nibble = Vector256.Create((byte)0x0F);
        var special = Avx2.Shuffle(tables.FirstHigh, Avx2.ShiftRightLogical(prev1.AsUInt16(), 4).AsByte() & nibble)
            & Avx2.Shuffle(tables.FirstLow, prev1 & nibble)
            & Avx2.Shuffle(tables.SecondHigh, Avx2.ShiftRightLogical(input.AsUInt16(), 4).AsByte() & nibble);

        // Where the byte two back leads a 3- or 4-byte sequence, or three back a 4-byte one, this byte must continue it.
        var third = Avx2.SubtractSaturate(prev2, Vector256.Create((byte)(0xE0 - 0x80)));
        var fourth = Avx2.SubtractSaturate(prev3, Vector256.Create((byte)(0xF0 - 0x80)));
        var mustContinue = (third | fourth) & Vector256.Create((byte)0x80);

        error |= mustContinue ^ special;
        incomplete = Avx2.SubtractSaturate(input, tables.LastComplete);
        previous = input;
    }

    private static Vector256<byte> Table(params ReadOnlySpan<byte> sixteen) =>
        Vector256.Create(Vector128.Create(sixteen), Vector128.Create(sixteen));

    private readonly record struct Tables(Vector256<byte> FirstHigh, Vector256<byte> FirstLow, Vector256<byte> SecondHigh, Vector256<byte> LastComplete);
}
