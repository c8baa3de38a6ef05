namespace AtRest.Cli.Commands.Server;

/// <summary><c>--feature-gates</c> as kube-apiserver parses it (<c>A=true,B=false</c>); AtRest knows only <c>KMSv1</c>.</summary>
internal static class FeatureGates
{
    /// <summary>The value of the KMSv1 gate (default false); bad entries are added to <paramref name="errors"/>.</summary>
    public static bool KmsV1(string? text, List<string> errors)
    {
        var enabled = false;
        foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2);
            if (parts.Length != 2 || !bool.TryParse(parts[1], out var value))
            {
                errors.Add($"invalid argument \"{text}\" for \"--feature-gates\" flag: missing bool value for {parts[0]}");
                continue;
            }

            if (parts[0] != "KMSv1")
            {
                errors.Add($"invalid argument \"{text}\" for \"--feature-gates\" flag: unrecognized feature gate: {parts[0]}");
                continue;
            }

            enabled = value;
        }

        return enabled;
    }
}
