using System.CommandLine;

namespace AtRest.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("AtRest: a Kubernetes API server and toolkit for Secrets encrypted at rest.");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).Invoke();
    }

    // Each area adds its top-level command here, one line each.
    private static IEnumerable<Command> Commands()
    {
        yield return AtRest.Cli.Commands.Server.ServerCommand.Create();
        yield return AtRest.Cli.Commands.Etcdctl.EtcdctlCommand.Create();
        yield return AtRest.Cli.Commands.Codec.DecodeCommand.Create();
        yield return AtRest.Cli.Commands.Codec.EncodeCommand.Create();
        yield return global::AtRest.Cli.Commands.Encryption.EncryptionCommand.Create();
    }
}
