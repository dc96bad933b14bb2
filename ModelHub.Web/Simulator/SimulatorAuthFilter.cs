namespace ModelHub.Web.Simulator;

/// <summary>Requires <c>Authorization: Bearer &lt;any non-empty key&gt;</c>, as the real provider requires a key.</summary>
internal sealed class SimulatorAuthFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return OpenAIErrors.Unauthorized("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header["Bearer ".Length..].Trim().Length == 0)
        {
            return OpenAIErrors.Unauthorized("Incorrect API key provided. The Authorization header must be 'Bearer <key>'.");
        }

        return await next(context);
    }
}
