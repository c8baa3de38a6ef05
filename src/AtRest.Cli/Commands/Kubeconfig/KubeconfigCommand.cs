using System.CommandLine;
using AtRest.Cli.Commands.Server;

namespace AtRest.Cli.Commands.Kubeconfig;

/// <summary>
/// <c>atrest kubeconfig --user NAME [--group G]... [--expires 720h] [--data-dir DIR] -o FILE [--force]</c>: a client
/// certificate from the data directory's CA (CN = user, O = groups, as kube-apiserver reads them) in a new kubeconfig
/// (mode 0600) for the server that data directory belongs to. The key goes only into that file.
/// </summary>
internal static class KubeconfigCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "The user name (the certificate's CN)", Required = true };
        var groups = new Option<string[]>("--group")
        {
            Description = "A group (an O of the certificate); repeat for several. system:authenticated is always added by the server",
            AllowMultipleArgumentsPerToken = false,
        };
        var expires = new Option<string>("--expires")
        {
            Description = $"How long the certificate is valid (Go duration; default {ClientIdentityRequest.DefaultExpires})",
            DefaultValueFactory = _ => ClientIdentityRequest.DefaultExpires,
        };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "The server's data directory, whose CA signs (default $XDG_DATA_HOME/atrest or ~/.local/share/atrest)",
        };
        var output = new Option<string>("--output", "-o") { Description = "The kubeconfig file to write (mode 0600)", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists" };
        var command = new Command("kubeconfig", "Issue a client certificate from the server's CA and write a kubeconfig for it")
        {
            user, groups, expires, dataDir, output, force,
        };
        command.SetAction(result =>
        {
            var errors = new List<string>();
            var request = ClientIdentityRequest.Validate(result.GetValue(user), result.GetValue(groups) ?? [], result.GetValue(expires)!, errors);
            if (request is null)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"Error: {error}");
                }

                return 1;
            }

            var directory = Path.GetFullPath(result.GetValue(dataDir) ?? DataDirectory.Default);
            var file = Path.GetFullPath(result.GetValue(output)!);
            try
            {
                var notAfter = KubeconfigIssuer.Issue(directory, request, file, result.GetValue(force), TimeProvider.System);
                var groupList = request.Groups.Count == 0 ? "no groups" : $"groups {string.Join(", ", request.Groups)}";
                Console.Out.WriteLine($"atrest: wrote {file} for user {request.User} ({groupList}); the certificate expires {notAfter:yyyy-MM-ddTHH:mm:ssZ}");
                Console.Out.WriteLine($"export KUBECONFIG={file}");
                return 0;
            }
            catch (KubeconfigIssueException e)
            {
                Console.Error.WriteLine($"Error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
