using System.Globalization;

namespace ModelHub.Core.Common;

/// <summary>How sizes are shown to people, on pages and in API messages alike.</summary>
public static class ByteSize
{
    /// <summary>"1 GiB", "10 KiB", "512 bytes".</summary>
    public static string Format(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} bytes" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
