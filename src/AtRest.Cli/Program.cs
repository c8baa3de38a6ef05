using System.CommandLine;
using System.CommandLine.Invocation;

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

        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction errors)
        {
            // A mistyped flag gets one line naming it, not the whole help text.
            errors.ShowHelp = false;
            errors.ShowTypoCorrections = false;
        }

        return parsed.Invoke();
    }

    // Each area adds its top-level command here, one line each.
    private static IEnumerable<Command> Commands()
    {
        yield return AtRest.Cli.Commands.Server.ServerCommand.Create();
        yield return AtRest.Cli.Commands.Etcdctl.EtcdctlCommand.Create();
        yield return AtRest.Cli.Commands.Encryption.EncryptionCommand.Create();
        yield return AtRest.Cli.Commands.Codec.DecodeCommand.Create();
        yield return AtRest.Cli.Commands.Codec.EncodeCommand.Create();
        yield return AtRest.Cli.Commands.Run.RunCommand.Create();
        yield return AtRest.Cli.Commands.Agent.AgentCommand.Create();
        yield return AtRest.Cli.Commands.KmsPlugin.KmsPluginCommand.Create();
        yield return AtRest.Cli.Commands.Export.ExportCommand.Create();
        yield return AtRest.Cli.Commands.Import.ImportCommand.Create();
        yield return AtRest.Cli.Commands.SecretsEncrypt.SecretsEncryptCommand.Create();
        yield return AtRest.Cli.Commands.Kubeconfig.KubeconfigCommand.Create();
    }
}
