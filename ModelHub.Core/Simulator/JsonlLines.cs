using System.Text;

namespace ModelHub.Core.Simulator;

/// <summary>One line of a JSONL file with its 1-based number.</summary>
internal readonly record struct JsonlLine(int Number, string Text);

internal static class JsonlLines
{
    /// <summary>Splits on LF (tolerating CRLF); a final newline does not make an extra line.</summary>
    public static IEnumerable<JsonlLine> Split(ReadOnlySpan<byte> content)
    {
        var text = Encoding.UTF8.GetString(content);
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var result = new List<JsonlLine>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(new JsonlLine(i + 1, lines[i].TrimEnd('\r')));
        }

        return result;
    }
}
