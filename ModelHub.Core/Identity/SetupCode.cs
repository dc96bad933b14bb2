using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ModelHub.Core.Identity;

/// <summary>
/// The one-time code first-run setup asks for when no bootstrap settings were given: printed to the console at start-up
/// (never stored), so only whoever runs the process can claim the first Admin account.
/// </summary>
public sealed class SetupCode(FirstRunSetup setup, ILogger<SetupCode> logger)
{
    // No look-alike characters (0/O, 1/I/L): people type it from a console.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int Length = 12;

    private readonly Lock gate = new();
    private byte[]? current;

    /// <summary>True while a code is waiting to be used.</summary>
    public bool IsIssued
    {
        get
        {
            lock (gate)
            {
                return current is not null;
            }
        }
    }

    /// <summary>Creates and prints a code when setup is still required; does nothing once an Admin exists.</summary>
    public async Task IssueIfSetupRequiredAsync(CancellationToken ct = default)
    {
        if (!await setup.IsRequiredAsync(ct))
        {
            return;
        }

        var code = Generate();
        lock (gate)
        {
            current = Encoding.ASCII.GetBytes(code);
        }

        // Warning, so it shows with the default console filter; the console is the only place the code goes.
        logger.LogWarning("First-run setup: open /setup and enter the one-time setup code {SetupCode} to create the first Admin.", Format(code));
    }

    /// <summary>True when <paramref name="presented"/> is the current code (spaces, dashes and case ignored; constant time).</summary>
    public bool Matches(string? presented)
    {
        var normalized = Encoding.ASCII.GetBytes(Normalize(presented));
        lock (gate)
        {
            return current is not null && CryptographicOperations.FixedTimeEquals(current, normalized);
        }
    }

    /// <summary>Makes the code unusable: called once the first Admin exists.</summary>
    public void Retire()
    {
        lock (gate)
        {
            current = null;
        }
    }

    private static string Generate() =>
        string.Create(Length, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });

    private static string Format(string code) => $"{code[..4]}-{code[4..8]}-{code[8..]}";

    private static string Normalize(string? presented) =>
        new([.. (presented ?? "").Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).Where(char.IsAscii)]);
}
