namespace AtRest.Cli.Commands.Run;

/// <summary>One <c>items[]</c> entry of a secret or configMap volume.</summary>
/// <param name="Key">The key in the object.</param>
/// <param name="Path">The relative file path in the volume.</param>
/// <param name="Mode">The file's mode; the volume's default mode when null.</param>
internal sealed record KeyToPath(string Key, string Path, int? Mode);
