namespace AtRest.Cli.Commands.Run;

/// <summary>One file of a volume payload: its bytes and mode.</summary>
/// <param name="Data">The content.</param>
/// <param name="Mode">Permission bits, 0 to 0777.</param>
internal sealed record FileProjection(byte[] Data, int Mode);
