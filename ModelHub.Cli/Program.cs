namespace ModelHub.Cli;

// Named and namespaced, so it never collides with the web host's global Program in assemblies that load both.
internal static class Program
{
    public static Task<int> Main(string[] args) => ModelHubCli.RunAsync(args, CliContext.FromProcess());
}
