using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Who may call an MLflow route: readers are any signed-in user, writers Engineers and Admins (as the UI).</summary>
internal enum MlflowAccess
{
    Read,
    Write,
}

/// <summary>One MLflow API call: its caller, its parameters (query string or JSON body) and MLflow-shaped answers.</summary>
internal sealed class MlflowCall(HttpContext http, ClaimsPrincipal user, JsonElement body)
{
    /// <summary>Largest JSON body accepted (a full log-batch is far below it).</summary>
    public const int MaxBodyBytes = 8 << 20;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // MLflow's proto JSON writes non-finite metric values as these names.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public HttpContext Http => http;

    public CancellationToken Aborted => http.RequestAborted;

    public Actor Actor => user.ToActor();

    public T Service<T>() where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>A string parameter; numbers and booleans are accepted as their text, as MLflow's parser does.</summary>
    public string? String(string name)
    {
        if (body.ValueKind == JsonValueKind.Object)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => throw new MlflowInputException($"'{name}' must be a string."),
            };
        }

        return http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
    }

    public long? Long(string name)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var n) ? n : throw new MlflowInputException($"'{name}' must be a whole number.");
        }

        var text = String(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new MlflowInputException($"'{name}' must be a whole number; got '{Clip(text)}'.");
    }

    public bool? Bool(string name)
    {
        var text = String(name);
        return string.IsNullOrEmpty(text) ? null : bool.TryParse(text, out var b) ? b : throw new MlflowInputException($"'{name}' must be true or false.");
    }

    /// <summary>A list: a JSON array, or the query parameter repeated.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (body.ValueKind == JsonValueKind.Object)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw new MlflowInputException($"'{name}' must be a list of strings.");
            }

            return [.. value.EnumerateArray().Select(e => e.GetString()!)];
        }

        return http.Request.Query.TryGetValue(name, out var values) ? [.. values.OfType<string>()] : [];
    }

    /// <summary>A list of <c>{"key", "value"}</c> objects (params, tags).</summary>
    public IReadOnlyList<KeyValue> KeyValues(string name) =>
        Objects(name).Select(e => new KeyValue(Text(e, "key", name) ?? throw new MlflowInputException($"Every item of '{name}' needs a key."), Text(e, "value", name) ?? "")).ToList();

    public IReadOnlyList<MetricView> Metrics(string name) =>
        Objects(name).Select(e => new MetricView(
            Text(e, "key", name) ?? throw new MlflowInputException($"Every item of '{name}' needs a key."),
            Number(e, "value", name) ?? throw new MlflowInputException($"Every item of '{name}' needs a value."),
            (long?)Number(e, "timestamp", name) ?? 0,
            (long?)Number(e, "step", name) ?? 0)).ToList();

    /// <summary>A single metric sent at the top level (log-metric).</summary>
    public MetricView Metric() => new(
        String("key") ?? throw new MlflowInputException("'key' is required."),
        (body.ValueKind == JsonValueKind.Object ? Number(body, "value", "metric") : null) ?? throw new MlflowInputException("'value' is required and must be a number."),
        Long("timestamp") ?? 0,
        Long("step") ?? 0);

    public string Required(string name) =>
        String(name) is { Length: > 0 } value ? value : throw new MlflowInputException($"Missing value for required parameter '{name}'.");

    public static IResult Ok(object value) => Results.Json(value, Json);

    public static IResult Empty() => Results.Json(new { }, Json);

    /// <summary>MLflow's error body, with the status its client expects for each code.</summary>
    public static IResult Failure(Error error)
    {
        var (status, code) = error switch
        {
            { Code: MlflowErrors.AlreadyExistsCode } => (StatusCodes.Status400BadRequest, "RESOURCE_ALREADY_EXISTS"),
            { Kind: ErrorKind.NotFound } => (StatusCodes.Status404NotFound, "RESOURCE_DOES_NOT_EXIST"),
            { Kind: ErrorKind.Validation } => (StatusCodes.Status400BadRequest, "INVALID_PARAMETER_VALUE"),
            { Kind: ErrorKind.Forbidden } => (StatusCodes.Status403Forbidden, "PERMISSION_DENIED"),
            // MLflow's client retries 5xx for minutes, so a refusal of the current state stays a 4xx.
            _ => (StatusCodes.Status400BadRequest, "INVALID_STATE"),
        };
        return Failure(status, code, error.Message);
    }

    public static IResult Failure(int status, string code, string message) =>
        Results.Json(new MlflowError(code, message), Json, statusCode: status);

    public static IResult From<T>(Result<T> result, Func<T, object> answer) => result.Succeeded ? Ok(answer(result.Value)) : Failure(result.Error!);

    /// <summary>Reads the caller and the parameters, then runs <paramref name="handle"/>; bad input is a 400, never a 500.</summary>
    public static async Task<IResult> RunAsync(HttpContext http, MlflowAccess access, bool jsonBody, Func<MlflowCall, Task<IResult>> handle)
    {
        var user = await MlflowCaller.AuthenticateAsync(http);
        if (user is null)
        {
            return Failure(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED",
                "Send a ModelHub access token: MLFLOW_TRACKING_TOKEN (Authorization: Bearer), or MLFLOW_TRACKING_USERNAME = your e-mail with MLFLOW_TRACKING_PASSWORD = the token.");
        }

        if (Policies.IsServiceAccount(user))
        {
            return Failure(StatusCodes.Status403Forbidden, "PERMISSION_DENIED",
                $"{user.Identity?.Name} is a service account: it may call the gateway (/v1) and the resolve API only.");
        }

        if (access == MlflowAccess.Write && !(user.IsInRole(Roles.Engineer) || user.IsInRole(Roles.Admin)))
        {
            return Failure(StatusCodes.Status403Forbidden, "PERMISSION_DENIED",
                $"{user.Identity?.Name} may read but not change tracking or registry data: that needs the Engineer or Admin role.");
        }

        MlflowRequestBody? body = null;
        if (jsonBody)
        {
            var read = await MlflowRequestBody.ReadAsync(http, MaxBodyBytes);
            if (read.Error is { } bad)
            {
                return Failure(StatusCodes.Status400BadRequest, "INVALID_PARAMETER_VALUE", bad);
            }

            body = read.Body;
        }

        // The body's elements live in its pooled buffer until this call is answered; answers copy what they show.
        using (body)
        {
            try
            {
                return await handle(new MlflowCall(http, user, body?.Root ?? default));
            }
            catch (MlflowInputException e)
            {
                return Failure(StatusCodes.Status400BadRequest, "INVALID_PARAMETER_VALUE", e.Message);
            }
        }
    }

    private IEnumerable<JsonElement> Objects(string name)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
        {
            throw new MlflowInputException($"'{name}' must be a list of objects.");
        }

        return value.EnumerateArray();
    }

    private static string? Text(JsonElement item, string field, string list) =>
        !item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new MlflowInputException($"'{list}.{field}' must be a string."),
        };

    private static double? Number(JsonElement item, string field, string list)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        throw new MlflowInputException($"'{list}.{field}' must be a number.");
    }

    private static string Clip(string s) => s.Length > 100 ? s[..100] + "…" : s;

    private sealed record MlflowError(string ErrorCode, string Message);
}

/// <summary>A parameter of the wrong type or missing: answered as 400 INVALID_PARAMETER_VALUE.</summary>
internal sealed class MlflowInputException(string message) : Exception(message);

/// <summary>
/// Finds the caller of an MLflow route: a bearer access token (already authenticated by the access-token scheme), or
/// basic auth with the user's e-mail and an access token as password. Cookies are not accepted, so a page cannot be
/// tricked into calling these routes on a signed-in person's behalf.
/// </summary>
internal static class MlflowCaller
{
    public static async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: AccessTokenAuthenticationHandler.SchemeName })
        {
            return http.User;
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var email = decoded[..colon];
        var owner = await http.RequestServices.GetRequiredService<AccessTokenValidator>().ValidateAsync(decoded[(colon + 1)..], http.RequestAborted);
        if (owner is null)
        {
            return null;
        }

        var users = http.RequestServices.GetRequiredService<UserManager<ModelHubUser>>();
        var user = await users.FindByIdAsync(owner.UserId);
        // The user name must be the token owner's e-mail: a token is not a password for anyone else's account.
        if (user is null || user.IsDisabled || !string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var principal = await http.RequestServices.GetRequiredService<IUserClaimsPrincipalFactory<ModelHubUser>>().CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, "Basic", ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }
}
