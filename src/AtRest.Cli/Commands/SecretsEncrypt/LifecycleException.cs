namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>A <c>secrets-encrypt</c> command cannot do its work; the message is the one line printed.</summary>
internal sealed class LifecycleException(string message) : Exception(message);
