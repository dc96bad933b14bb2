namespace ModelHub.Tests.Support;

/// <summary>The web project's own build output (with its appsettings.json), for tests that start the app as a child process.</summary>
public static class BuiltWebApp
{
    /// <summary>Path of <c>ModelHub.Web.dll</c> in this test run's configuration and framework; fails when it is not built.</summary>
    public static string DllPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ModelHub.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? "", "ModelHub.Web", "bin", configuration, framework, "ModelHub.Web.dll");
        Assert.True(File.Exists(dll), $"Build ModelHub.Web first: {dll} is missing.");
        return dll;
    }
}
