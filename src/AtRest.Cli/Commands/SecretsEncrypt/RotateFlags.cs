using System.CommandLine;
using AtRest.Cli.Commands.Server;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>The flags of the rotation verbs: the server (kubeconfig), the file to edit, the wait, --force.</summary>
internal sealed class RotateFlags
{
    private readonly Option<string> _kubeconfig = new("--kubeconfig") { Description = "The kubeconfig of the server (default KUBECONFIG, then ~/.kube/config)" };

    private readonly Option<string> _config = new("--encryption-provider-config")
    {
        Description = "The EncryptionConfiguration file to edit (default: the server's own, when it runs on this machine)",
    };

    private readonly Option<string> _timeout = new("--timeout") { Description = "How long to wait for every server to load the edited file, e.g. 90s (default 5m)" };

    private readonly Option<bool> _force = new("--force") { Description = "Remove old keys even when stored objects still use them (prints how many become unreadable)" };

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command, bool force)
    {
        command.Options.Add(_kubeconfig);
        command.Options.Add(_config);
        command.Options.Add(_timeout);
        if (force)
        {
            command.Options.Add(_force);
        }
    }

    /// <summary>The kubeconfig given, as a full path, or null.</summary>
    public string? Kubeconfig(ParseResult result) => result.GetValue(_kubeconfig) is { } path ? Path.GetFullPath(path) : null;

    /// <summary>The settings the flags ask for.</summary>
    /// <exception cref="ArgumentException">A flag value is invalid; the message names it.</exception>
    public RotateSettings Settings(ParseResult result, bool skipPurge)
    {
        return new RotateSettings(result.GetValue(_config), RotateSettings.ParseTimeout(result.GetValue(_timeout)), result.GetValue(_force), skipPurge);
    }
}
