namespace AtRest.Cli.Commands.Run;

/// <summary>A secret or configMap volume: the object's keys as files in <paramref name="Directory"/>.</summary>
/// <param name="Source">The object.</param>
/// <param name="Directory">The absolute target directory.</param>
/// <param name="DefaultMode">The mode of files without their own (kubelet's default 0644).</param>
/// <param name="Items">Only these keys, at these paths; every key at its own name when empty.</param>
/// <param name="Optional">When true a missing object (or item key) gives an empty volume (or no such file) instead of failing.</param>
/// <param name="Text">The argument or entry as given, for messages.</param>
internal sealed record VolumeProjection(SourceReference Source, string Directory, int DefaultMode, IReadOnlyList<KeyToPath> Items, bool Optional, string Text)
{
    /// <summary>kubelet's <c>defaultMode</c> for secret and configMap volumes.</summary>
    public const int KubeletDefaultMode = 0b110_100_100;
}
