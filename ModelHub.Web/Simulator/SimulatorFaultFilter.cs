using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary>Applies the run-time fault injection: added latency, and 429s or 500s at the configured rate.</summary>
internal sealed class SimulatorFaultFilter(SimulatorFaults faults, TimeProvider time, ILogger<SimulatorFaultFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (faults.AddedLatency > TimeSpan.Zero)
        {
            await Task.Delay(faults.AddedLatency, time, http.RequestAborted);
        }

        var fault = faults.Next(mutating: HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method));
        switch (fault)
        {
            case FaultKind.RateLimited:
                logger.LogInformation("Simulator injected 429 on {Method} {Path}", http.Request.Method, http.Request.Path);
                http.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return OpenAIErrors.RateLimited();
            case FaultKind.ServerErrorBeforeHandling:
                logger.LogInformation("Simulator injected 500 on {Method} {Path}", http.Request.Method, http.Request.Path);
                return OpenAIErrors.ServerError();
            case FaultKind.ServerErrorAfterHandling:
                var served = await next(context);

                // A streamed answer has already reached the client; only a buffered one can be "lost".
                if (http.Response.HasStarted)
                {
                    return served;
                }

                logger.LogInformation("Simulator served {Method} {Path}, then injected 500", http.Request.Method, http.Request.Path);
                return OpenAIErrors.ServerError();
            default:
                return await next(context);
        }
    }
}
