using ModelHub.Cli;

return await ModelHubCli.RunAsync(args, CliContext.FromProcess());
