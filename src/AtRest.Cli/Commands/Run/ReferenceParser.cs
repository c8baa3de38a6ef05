using AtRest.ApiServer.Validation;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// Reads the command-line forms of kubelet's references; every error names the argument it came from.
/// <code>
/// --env      NAME=[secret/|configmap/]OBJECT/KEY[:optional]
/// --env-from [secret/|configmap/]OBJECT[:prefix=P][:optional]
/// --volume   [secret/|configmap/]OBJECT:DIR[:mode=0400][:items=KEY[=PATH][@MODE],...][:optional]
/// </code>
/// The kind defaults to secret; modes are octal, as in chmod.
/// </summary>
internal static class ReferenceParser
{
    /// <summary>Parses one <c>--env</c> value.</summary>
    public static EnvReference Env(string text, string @namespace)
    {
        var (body, options) = SplitOptions(text, "--env");
        var optional = Flag(options, "optional", "--env", text);
        NoOthers(options, "--env", text);
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw Bad("--env", text, "expected NAME=SECRET/KEY or NAME=configmap/NAME/KEY");
        }

        var name = body[..equals];
        var parts = body[(equals + 1)..].Split('/');
        var (kind, rest) = parts.Length == 3 ? (Kind(parts[0], "--env", text), parts[1..]) : (SourceKind.Secret, parts);
        if (rest.Length != 2)
        {
            throw Bad("--env", text, "expected NAME=SECRET/KEY or NAME=configmap/NAME/KEY");
        }

        if (!EnvVarNameRules.IsValid(name, strict: false))
        {
            throw Bad("--env", text, $"{FieldError.GoQuote(name)} is not a valid environment variable name: it must consist only of printable ASCII characters other than '='");
        }

        return new EnvReference(name, Source(kind, @namespace, rest[0], "--env", text), Key(rest[1], "--env", text), optional, text);
    }

    /// <summary>Parses one <c>--env-from</c> value.</summary>
    public static EnvFromReference EnvFrom(string text, string @namespace)
    {
        var (body, options) = SplitOptions(text, "--env-from");
        var optional = Flag(options, "optional", "--env-from", text);
        var prefix = Value(options, "prefix") ?? string.Empty;
        NoOthers(options, "--env-from", text);
        var parts = body.Split('/');
        var (kind, name) = parts.Length switch
        {
            1 => (SourceKind.Secret, parts[0]),
            2 => (Kind(parts[0], "--env-from", text), parts[1]),
            _ => throw Bad("--env-from", text, "expected SECRET or configmap/NAME"),
        };
        return new EnvFromReference(Source(kind, @namespace, name, "--env-from", text), prefix, optional, text);
    }

    /// <summary>Parses one <c>--volume</c> value; a relative DIR is taken from the current directory.</summary>
    public static VolumeProjection Volume(string text, string @namespace)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Bad("--volume", text, "expected SECRET:DIR or configmap/NAME:DIR");
        }

        var (directory, options) = SplitOptions(text[(colon + 1)..], "--volume");
        if (directory.Length == 0)
        {
            throw Bad("--volume", text, "the directory is empty");
        }

        var optional = Flag(options, "optional", "--volume", text);
        var modeText = Value(options, "mode") ?? Value(options, "defaultMode");
        var itemsText = Value(options, "items");
        NoOthers(options, "--volume", text);
        var parts = text[..colon].Split('/');
        var (kind, name) = parts.Length switch
        {
            1 => (SourceKind.Secret, parts[0]),
            2 => (Kind(parts[0], "--volume", text), parts[1]),
            _ => throw Bad("--volume", text, "expected SECRET:DIR or configmap/NAME:DIR"),
        };
        var mode = modeText is null ? VolumeProjection.KubeletDefaultMode : Mode(modeText, "defaultMode", text);
        var items = itemsText is null ? [] : itemsText.Split(',').Select((item, i) => Item(item, i, text)).ToList();
        var volume = new VolumeProjection(Source(kind, @namespace, name, "--volume", text), Path.GetFullPath(directory), mode, items, optional, text);
        Check(volume);
        return volume;
    }

    /// <summary>Fails with every mode and path error of <paramref name="volume"/>, naming it.</summary>
    public static void Check(VolumeProjection volume)
    {
        var errors = ProjectionRules.Mode("defaultMode", volume.DefaultMode)
            .Concat(volume.Items.SelectMany((item, i) => ProjectionRules.Item($"items[{i}]", item)))
            .Select(e => e.ToString())
            .ToList();
        if (errors.Count > 0)
        {
            throw new DeliveryException($"volume {FieldError.GoQuote(volume.Text)}: {string.Join("; ", errors)}");
        }
    }

    /// <summary>Parses <c>secret</c> or <c>configmap</c> (any case).</summary>
    public static SourceKind Kind(string text, string flag, string argument) => text.ToLowerInvariant() switch
    {
        "secret" or "secrets" => SourceKind.Secret,
        "configmap" or "configmaps" or "cm" => SourceKind.ConfigMap,
        _ => throw Bad(flag, argument, $"unknown kind {FieldError.GoQuote(text)}: use secret or configmap"),
    };

    /// <summary>A source, its name checked as the API checks Secret and ConfigMap names.</summary>
    public static SourceReference Source(SourceKind kind, string @namespace, string name, string flag, string argument)
    {
        var errors = NameRules.IsDns1123Subdomain(name);
        return errors.Count == 0
            ? new SourceReference(kind, @namespace, name)
            : throw Bad(flag, argument, $"name {FieldError.GoQuote(name)}: {string.Join("; ", errors)}");
    }

    private static KeyToPath Item(string text, int index, string argument)
    {
        int? mode = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            mode = Mode(text[(at + 1)..], $"items[{index}].mode", argument);
            text = text[..at];
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? text : text[..equals];
        var path = equals < 0 ? text : text[(equals + 1)..];
        return new KeyToPath(Key(key, "--volume", argument), path, mode);
    }

    private static string Key(string key, string flag, string argument)
    {
        var errors = NameRules.IsConfigMapKey(key);
        return errors.Count == 0 ? key : throw Bad(flag, argument, $"key {FieldError.GoQuote(key)}: {string.Join("; ", errors)}");
    }

    private static int Mode(string text, string field, string argument) =>
        ProjectionRules.ParseOctal(text)
        ?? throw Bad("--volume", argument, $"{field}: Invalid value: {FieldError.GoQuote(text)}: must be an octal number such as 0400");

    private static (string Body, Dictionary<string, string?> Options) SplitOptions(string text, string flag)
    {
        var parts = text.Split(':');
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var option in parts.Skip(1))
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (option, null) : (option[..equals], option[(equals + 1)..]);
            if (!options.TryAdd(name, value))
            {
                throw Bad(flag, text, $"option {FieldError.GoQuote(name)} is given twice");
            }
        }

        return (parts[0], options);
    }

    private static bool Flag(Dictionary<string, string?> options, string name, string flag, string argument)
    {
        if (!options.Remove(name, out var value))
        {
            return false;
        }

        return value is null or "true" ? true : value == "false" ? false : throw Bad(flag, argument, $"{name}={value}: use {name} or {name}=false");
    }

    private static string? Value(Dictionary<string, string?> options, string name) =>
        options.Remove(name, out var value) ? value ?? string.Empty : null;

    private static void NoOthers(Dictionary<string, string?> options, string flag, string argument)
    {
        if (options.Count > 0)
        {
            throw Bad(flag, argument, $"unknown option {FieldError.GoQuote(options.Keys.First())}");
        }
    }

    private static DeliveryException Bad(string flag, string argument, string detail) =>
        new($"{flag} {FieldError.GoQuote(argument)}: {detail}");
}
