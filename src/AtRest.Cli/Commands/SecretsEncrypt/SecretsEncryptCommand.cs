using System.CommandLine;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary><c>atrest secrets-encrypt …</c>: the key lifecycle, with k3s's verbs, on a running server or offline on a store.</summary>
internal static class SecretsEncryptCommand
{
    internal static Command Create()
    {
        var command = new Command("secrets-encrypt", "Inspect and manage the keys that encrypt stored objects, and purge old revisions.");
        command.Subcommands.Add(StatusCommand.Create());
        command.Subcommands.Add(InventoryCommand.Create());
        command.Subcommands.Add(CheckConfigCommand.Create());
        command.Subcommands.Add(PurgeCommand.Create());
        command.Subcommands.Add(ReencryptCommand.Create());
        foreach (var verb in RotateCommands.Create())
        {
            command.Subcommands.Add(verb);
        }

        return command;
    }
}
