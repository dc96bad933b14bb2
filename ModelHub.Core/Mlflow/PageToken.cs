using System.Globalization;
using System.Text;
using ModelHub.Core.Common;

namespace ModelHub.Core.Mlflow;

/// <summary>MLflow's opaque <c>page_token</c>: here the offset of the next page, base64-encoded.</summary>
public static class PageToken
{
    public static Result<int> Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        return MlflowErrors.Invalid("page_token is not a token this server issued.", "page_token");
    }

    public static string? Encode(int offset, int pageSize, int returned) =>
        returned < pageSize ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + returned).ToString(CultureInfo.InvariantCulture)));

    /// <summary>Checks <c>max_results</c> against MLflow's ceiling for the call.</summary>
    public static Result<int> MaxResults(long? requested, int defaultValue, int ceiling)
    {
        var value = requested ?? defaultValue;
        return value is < 1 || value > ceiling
            ? MlflowErrors.Invalid($"max_results must be between 1 and {ceiling}; got {value}.", "max_results")
            : (int)value;
    }
}
