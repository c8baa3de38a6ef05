namespace AtRest.Cli.Commands.Run;

/// <summary>
/// kubelet's <c>MakePayload</c> for secret and configMap volumes: every key at its own name with the default mode,
/// or only the listed items at their paths and modes. A missing object gives an empty volume when optional.
/// </summary>
internal static class VolumePayload
{
    /// <summary>The files of <paramref name="volume"/> for <paramref name="source"/> (null when the object does not exist).</summary>
    public static Dictionary<string, FileProjection> Make(VolumeProjection volume, SourceObject? source)
    {
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        if (source is null)
        {
            return volume.Optional
                ? payload
                : throw new DeliveryException($"volume {volume.Text}: {volume.Source.NotFoundMessage}");
        }

        if (volume.Items.Count == 0)
        {
            foreach (var (key, value) in source.Data)
            {
                payload[key] = new FileProjection(value, volume.DefaultMode);
            }

            return payload;
        }

        foreach (var item in volume.Items)
        {
            if (!source.Data.TryGetValue(item.Key, out var value))
            {
                if (volume.Optional)
                {
                    continue;
                }

                throw new DeliveryException($"volume {volume.Text}: {volume.Source} references non-existent "
                    + $"{(volume.Source.Kind == SourceKind.Secret ? "secret" : "config")} key: {item.Key}");
            }

            payload[item.Path] = new FileProjection(value, item.Mode ?? volume.DefaultMode);
        }

        return payload;
    }
}
