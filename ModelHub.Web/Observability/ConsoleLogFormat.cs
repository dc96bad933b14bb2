namespace ModelHub.Web.Observability;

/// <summary>Console logs as one JSON object per line when <c>ModelHub:Logging:Json</c> is true; plain text otherwise.</summary>
internal static class ConsoleLogFormat
{
    public const string JsonSetting = "ModelHub:Logging:Json";

    public static ILoggingBuilder AddModelHubConsoleFormat(this ILoggingBuilder logging, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(JsonSetting))
        {
            logging.AddJsonConsole(options =>
            {
                // Scopes carry the trace and span ids, which tie a log line to its trace.
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return logging;
    }
}
