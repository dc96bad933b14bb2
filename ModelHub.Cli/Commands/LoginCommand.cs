using System.CommandLine;
using ModelHub.Cli.Api;
using ModelHub.Cli.Config;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub login</c>: checks an address and token against ModelHub, then saves them for later commands.</summary>
internal static class LoginCommand
{
    public static Command Create(CommandRunner runner)
    {
        var url = new Option<string?>("--url") { Description = "ModelHub's address, e.g. https://modelhub.example.com (default: MODELHUB_URL)." };
        var token = new Option<string?>("--token") { Description = "An access token from your Profile page (default: MODELHUB_TOKEN). Prefer --token-stdin: arguments end up in shell history." };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read the token from standard input." };
        var command = new Command("login", "Check an address and access token and save them (owner-only file) for later commands.") { url, token, tokenStdin };

        runner.Standalone(command, async (parse, output, ct) =>
        {
            var context = runner.Context;
            var address = parse.GetValue(url) ?? context.Variable("MODELHUB_URL")
                ?? throw new CliInputException("Give ModelHub's address with --url (or set MODELHUB_URL).");
            var secret = parse.GetValue(tokenStdin) ? (await context.In.ReadLineAsync(ct))?.Trim() : parse.GetValue(token) ?? context.Variable("MODELHUB_TOKEN");
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw new CliInputException("Give an access token with --token-stdin or --token (or set MODELHUB_TOKEN); create one on your Profile page.");
            }

            var connection = new Connection(Connection.ParseUrl(address), secret.Trim());
            output.Secret = connection.Token;
            using var http = Session.Client(connection);
            var me = await new ModelHubApi(http).GetMeAsync(ct);

            var file = LoginFile.For(context);
            file.Write(new SavedLogin(connection.BaseUrl.AbsoluteUri, connection.Token));
            if (output.Json)
            {
                output.WriteJson(new { url = connection.BaseUrl.AbsoluteUri, user = me, loginFile = file.Path });
            }
            else
            {
                output.Line($"Logged in to {connection.BaseUrl} as {me.Email} ({string.Join(", ", me.Roles)}). Saved to {file.Path}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
