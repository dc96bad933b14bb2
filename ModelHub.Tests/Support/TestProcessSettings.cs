using System.Runtime.CompilerServices;

namespace ModelHub.Tests.Support;

internal static class TestProcessSettings
{
    /// <summary>
    /// Dozens of app hosts start in this process. With reloadable configuration each would hold inotify watchers,
    /// and Linux allows 128 inotify instances per user across all processes: tests must not depend on that budget.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
