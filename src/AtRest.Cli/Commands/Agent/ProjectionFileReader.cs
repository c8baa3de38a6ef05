using System.Globalization;
using AtRest.ApiServer.Validation;
using AtRest.Cli.Commands.Run;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AtRest.Cli.Commands.Agent;

/// <summary>
/// Reads <c>atrest agent</c>'s projections file. Each volume is a Pod's secret or configMap volume source with the
/// directory it is mounted at; modes follow YAML 1.1 as in a Pod manifest (<c>0400</c> is octal, <c>256</c> decimal).
/// <code>
/// kubeconfig: /etc/atrest/agent.kubeconfig   # optional; --kubeconfig wins
/// namespace: default                         # optional; a volume may name its own
/// removeOnDelete: false
/// volumes:
/// - directory: /run/app/secret1
///   secret: {secretName: secret1, defaultMode: 0400, optional: false, items: [{key: user, path: user, mode: 0400}]}
/// - directory: /run/app/config
///   configMap: {name: app-config}
/// </code>
/// Every error names the file, the line and the field.
/// </summary>
internal static class ProjectionFileReader
{
    /// <summary>Reads <paramref name="path"/>; the namespace defaults to <paramref name="defaultNamespace"/>.</summary>
    public static AgentSettings Read(string path, string defaultNamespace)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw new DeliveryException($"{path}: expected one YAML document with kubeconfig, namespace and volumes");
        }
        catch (YamlException e)
        {
            throw new DeliveryException($"{path}: line {e.Start.Line}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new DeliveryException($"{path}: {e.Message}", e);
        }

        var context = new Context(path);
        context.Only(root, string.Empty, "kubeconfig", "namespace", "removeOnDelete", "volumes");
        var kubeconfig = context.String(root, "kubeconfig", string.Empty);
        var fileNamespace = context.String(root, "namespace", string.Empty);
        var removeOnDelete = context.Bool(root, "removeOnDelete", string.Empty) ?? false;
        var volumes = context.Child(root, "volumes") is YamlSequenceNode list
            ? list.Children.Select((node, i) => Volume(context, node, $"volumes[{i}]", fileNamespace, defaultNamespace)).ToList()
            : throw new DeliveryException($"{path}: volumes: Required value: a list of volumes");
        if (volumes.Count == 0)
        {
            throw new DeliveryException($"{path}: volumes: Required value: a list of volumes");
        }

        var twice = volumes.GroupBy(v => v.Directory).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new DeliveryException($"{path}: volumes: Duplicate value: {FieldError.GoQuote(twice.Key)}: two volumes write the same directory");
        }

        return new AgentSettings(kubeconfig, volumes, removeOnDelete);
    }

    private static VolumeProjection Volume(Context context, YamlNode node, string field, string? fileNamespace, string defaultNamespace)
    {
        var volume = context.Mapping(node, field);
        context.Only(volume, field, "directory", "namespace", "secret", "configMap");
        var directory = context.String(volume, "directory", field) ?? throw context.Error(volume, $"{field}.directory", "Required value");
        var @namespace = context.String(volume, "namespace", field) ?? fileNamespace ?? defaultNamespace;
        var (kind, sourceField, nameField) = (context.Child(volume, "secret"), context.Child(volume, "configMap")) switch
        {
            ({ }, null) => (SourceKind.Secret, "secret", "secretName"),
            (null, { }) => (SourceKind.ConfigMap, "configMap", "name"),
            _ => throw context.Error(volume, field, "Invalid value: exactly one of secret or configMap must be given"),
        };
        var sourcePath = $"{field}.{sourceField}";
        var source = context.Mapping(context.Child(volume, sourceField)!, sourcePath);
        context.Only(source, sourcePath, nameField, "defaultMode", "optional", "items");
        var name = context.String(source, nameField, sourcePath) ?? throw context.Error(source, $"{sourcePath}.{nameField}", "Required value");
        var items = context.Child(source, "items") switch
        {
            null => [],
            YamlSequenceNode list => list.Children.Select((item, i) => Item(context, item, $"{sourcePath}.items[{i}]")).ToList(),
            var other => throw context.Error(other, $"{sourcePath}.items", "Invalid value: must be a list"),
        };
        var text = $"{field} ({sourceField} {name} at {directory})";
        var projection = new VolumeProjection(
            ReferenceParser.Source(kind, @namespace, name, context.Path, text),
            Path.GetFullPath(directory, Path.GetDirectoryName(Path.GetFullPath(context.Path))!),
            context.Mode(source, "defaultMode", sourcePath) ?? VolumeProjection.KubeletDefaultMode,
            items,
            context.Bool(source, "optional", sourcePath) ?? false,
            text);
        ReferenceParser.Check(projection);
        return projection;
    }

    private static KeyToPath Item(Context context, YamlNode node, string field)
    {
        var item = context.Mapping(node, field);
        context.Only(item, field, "key", "path", "mode");
        return new KeyToPath(
            context.String(item, "key", field) ?? throw context.Error(item, $"{field}.key", "Required value"),
            context.String(item, "path", field) ?? throw context.Error(item, $"{field}.path", "Required value"),
            context.Mode(item, "mode", field));
    }

    private sealed class Context(string path)
    {
        public string Path { get; } = path;

        public DeliveryException Error(YamlNode node, string field, string detail) =>
            new($"{Path}: line {node.Start.Line}: {field}: {detail}");

        public YamlMappingNode Mapping(YamlNode node, string field) =>
            node as YamlMappingNode ?? throw Error(node, field, "Invalid value: must be a mapping");

        public YamlNode? Child(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

        public void Only(YamlMappingNode mapping, string field, params string[] keys)
        {
            foreach (var key in mapping.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                if (!keys.Contains(name))
                {
                    throw Error(key, Join(field, name), $"unknown field; expected one of {string.Join(", ", keys)}");
                }
            }
        }

        public string? String(YamlMappingNode mapping, string key, string field) => Child(mapping, key) switch
        {
            null => null,
            YamlScalarNode { Value: { } value } => value,
            var other => throw Error(other, Join(field, key), "Invalid value: must be a string"),
        };

        public bool? Bool(YamlMappingNode mapping, string key, string field) => String(mapping, key, field) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var other => throw Error(Child(mapping, key)!, Join(field, key), $"Invalid value: {FieldError.GoQuote(other)}: must be true or false"),
        };

        // YAML 1.1 integers, as Kubernetes reads a manifest: 0400 and 0o400 are octal, 256 is decimal, 0x100 hexadecimal.
        public int? Mode(YamlMappingNode mapping, string key, string field)
        {
            if (String(mapping, key, field) is not { } text)
            {
                return null;
            }

            int? value = text.Length > 1 && text[0] == '0' && text[1] is not ('x' or 'X')
                ? ProjectionRules.ParseOctal(text)
                : text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? int.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null
                    : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
            return value ?? throw Error(Child(mapping, key)!, Join(field, key), $"Invalid value: {FieldError.GoQuote(text)}: must be an integer such as 0400");
        }

        private static string Join(string field, string key) => field.Length == 0 ? key : $"{field}.{key}";
    }
}
