namespace AtRest.Cli.Commands.Server;

/// <summary>Start-up cannot go on; the message is the one line the operator sees after <c>Error: </c>.</summary>
internal sealed class ServerStartupException(string message, Exception? innerException = null) : Exception(message, innerException);
