using Microsoft.AspNetCore.Diagnostics;

namespace ModelHub.Web.Hosting;

internal static class ErrorPagesAsGet
{
    /// <summary>
    /// Re-executed error and status pages render as GET: re-executed as the failed POST they would be form posts to a
    /// page, needing the very antiforgery token whose absence may have caused the error, and fail a second time (500).
    /// </summary>
    public static IApplicationBuilder UseErrorPagesAsGet(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
            {
                context.Request.Method = HttpMethods.Get;
            }

            return next(context);
        });
}
