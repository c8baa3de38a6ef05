using System.CommandLine;

namespace AtRest.Cli.Commands.Encryption;

/// <summary><c>atrest encryption …</c>: generate configurations, and encrypt or decrypt stored values offline.</summary>
internal static class EncryptionCommand
{
    internal static Command Create()
    {
        var command = new Command("encryption", "Work with Kubernetes EncryptionConfiguration files and values encrypted at rest.");
        command.Subcommands.Add(GenerateConfigCommand.Create());
        command.Subcommands.Add(TransformValueCommand.Create(encrypt: true));
        command.Subcommands.Add(TransformValueCommand.Create(encrypt: false));
        return command;
    }
}
