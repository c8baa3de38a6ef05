using System.Globalization;
using AtRest.Encryption.Configuration.Model;
using AtRest.Encryption.Configuration.Validation;

namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>
/// Decodes a node tree into the v1 types as apimachinery's strict universal decoder does: field names are
/// case-sensitive; unknown and duplicate fields are collected as "strict decoding" errors with their JSON path
/// (<c>unknown field "resources[0].providers[3].kms.pandas"</c>); a value of the wrong type is a fatal
/// <c>json: cannot unmarshal …</c> error (the first one wins, as in Go).
/// </summary>
internal sealed class StrictDecoder
{
    private readonly bool _fromYaml;
    private readonly List<string> _strictErrors = [];
    private readonly HashSet<string> _seenStrictErrors = new(StringComparer.Ordinal);
    private string? _fatal;

    private StrictDecoder(bool fromYaml) => _fromYaml = fromYaml;

    /// <summary>Decodes the document body; returns the strict errors (empty when clean) or throws on a fatal error.</summary>
    public static EncryptionConfigurationDocument Decode(MappingNode root, bool fromYaml, out IReadOnlyList<string> strictErrors)
    {
        var decoder = new StrictDecoder(fromYaml);
        var document = new EncryptionConfigurationDocument();
        foreach (var (key, value) in decoder.Fields(root, ""))
        {
            switch (key)
            {
                case "apiVersion":
                case "kind":
                    decoder.String(value, "TypeMeta", key);
                    break;
                case "resources":
                    document.Resources = decoder.List(value, "EncryptionConfiguration", "resources", "[]v1.ResourceConfiguration", "resources", decoder.Resource);
                    break;
                default:
                    decoder.Unknown(key);
                    break;
            }
        }

        if (decoder._fatal is not null)
        {
            throw new DocumentFormatException(decoder._fatal);
        }

        strictErrors = decoder._strictErrors;
        return document;
    }

    private ResourceConfiguration? Resource(DocumentNode node, string path, string goPath)
    {
        if (!IsObject(node, "v1.ResourceConfiguration", "EncryptionConfiguration", goPath))
        {
            return null;
        }

        var result = new ResourceConfiguration();
        foreach (var (key, value) in Fields((MappingNode)node, path))
        {
            var childPath = path + "." + key;
            var childGoPath = goPath + "." + key;
            switch (key)
            {
                case "resources":
                    result.Resources = List(value, "ResourceConfiguration", childGoPath, "[]string", childPath, (n, _, g) => String(n, "ResourceConfiguration", g) ?? "");
                    break;
                case "providers":
                    result.Providers = List(value, "ResourceConfiguration", childGoPath, "[]v1.ProviderConfiguration", childPath, Provider);
                    break;
                default:
                    Unknown(childPath);
                    break;
            }
        }

        return result;
    }

    private ProviderConfiguration? Provider(DocumentNode node, string path, string goPath)
    {
        if (!IsObject(node, "v1.ProviderConfiguration", "ResourceConfiguration", goPath))
        {
            return null;
        }

        var result = new ProviderConfiguration();
        foreach (var (key, value) in Fields((MappingNode)node, path))
        {
            var childPath = path + "." + key;
            var childGoPath = goPath + "." + key;
            switch (key)
            {
                case "aesgcm":
                    result.AesGcm = KeyList(value, childPath, childGoPath, "v1.AESConfiguration");
                    break;
                case "aescbc":
                    result.AesCbc = KeyList(value, childPath, childGoPath, "v1.AESConfiguration");
                    break;
                case "secretbox":
                    result.Secretbox = KeyList(value, childPath, childGoPath, "v1.SecretboxConfiguration");
                    break;
                case "identity":
                    result.Identity = Identity(value, childPath, childGoPath);
                    break;
                case "kms":
                    result.Kms = Kms(value, childPath, childGoPath);
                    break;
                default:
                    Unknown(childPath);
                    break;
            }
        }

        return result;
    }

    private KeyListConfiguration? KeyList(DocumentNode node, string path, string goPath, string goType)
    {
        if (IsNull(node) || !IsObject(node, goType, "ProviderConfiguration", goPath))
        {
            return null;
        }

        var result = new KeyListConfiguration();
        var structName = goType[3..];
        foreach (var (key, value) in Fields((MappingNode)node, path))
        {
            var childPath = path + "." + key;
            if (key == "keys")
            {
                result.Keys = List(value, structName, goPath + ".keys", "[]v1.Key", childPath, Key);
            }
            else
            {
                Unknown(childPath);
            }
        }

        return result;
    }

    private KeyConfiguration? Key(DocumentNode node, string path, string goPath)
    {
        if (!IsObject(node, "v1.Key", "AESConfiguration", goPath))
        {
            return null;
        }

        var result = new KeyConfiguration();
        foreach (var (key, value) in Fields((MappingNode)node, path))
        {
            switch (key)
            {
                case "name":
                    result.Name = String(value, "Key", goPath + ".name") ?? result.Name;
                    break;
                case "secret":
                    result.Secret = String(value, "Key", goPath + ".secret") ?? result.Secret;
                    break;
                default:
                    Unknown(path + "." + key);
                    break;
            }
        }

        return result;
    }

    private IdentityConfiguration? Identity(DocumentNode node, string path, string goPath)
    {
        if (IsNull(node) || !IsObject(node, "v1.IdentityConfiguration", "ProviderConfiguration", goPath))
        {
            return null;
        }

        foreach (var (key, _) in Fields((MappingNode)node, path))
        {
            Unknown(path + "." + key);
        }

        return new IdentityConfiguration();
    }

    private KmsConfiguration? Kms(DocumentNode node, string path, string goPath)
    {
        if (IsNull(node) || !IsObject(node, "v1.KMSConfiguration", "ProviderConfiguration", goPath))
        {
            return null;
        }

        var result = new KmsConfiguration();
        foreach (var (key, value) in Fields((MappingNode)node, path))
        {
            var childGoPath = goPath + "." + key;
            switch (key)
            {
                case "apiVersion":
                    result.ApiVersion = String(value, "KMSConfiguration", childGoPath) ?? result.ApiVersion;
                    break;
                case "name":
                    result.Name = String(value, "KMSConfiguration", childGoPath) ?? result.Name;
                    break;
                case "endpoint":
                    result.Endpoint = String(value, "KMSConfiguration", childGoPath) ?? result.Endpoint;
                    break;
                case "cachesize":
                    result.CacheSize = Int32(value, childGoPath) ?? result.CacheSize;
                    break;
                case "timeout":
                    result.TimeoutNanoseconds = Duration(value) ?? result.TimeoutNanoseconds;
                    break;
                default:
                    Unknown(path + "." + key);
                    break;
            }
        }

        return result;
    }

    /// <summary>
    /// The entries of a map in the order Go's decoder sees them. From YAML the document went through
    /// YAMLToJSON first: duplicate keys collapsed (last wins) and keys sorted, as encoding/json sorts map keys.
    /// From JSON, document order, and a repeated known field is a strict "duplicate field" error.
    /// </summary>
    private IEnumerable<(string Key, DocumentNode Value)> Fields(MappingNode node, string path)
    {
        if (_fromYaml)
        {
            var last = new Dictionary<string, DocumentNode>(StringComparer.Ordinal);
            foreach (var (key, value) in node.Entries)
            {
                last[key.Value] = value;
            }

            return last.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)).ToList();
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, DocumentNode)>();
        foreach (var (key, value) in node.Entries)
        {
            if (!seen.Add(key.Value))
            {
                AddStrict($"duplicate field {GoFormat.Quote(Join(path, key.Value))}");
            }

            result.Add((key.Value, value));
        }

        return result;
    }

    private List<T>? List<T>(DocumentNode node, string structName, string goPath, string goType, string path, Func<DocumentNode, string, string, T?> item)
        where T : class?
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is not SequenceNode sequence)
        {
            TypeError(node, structName, goPath, goType);
            return null;
        }

        var result = new List<T>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var value = item(sequence.Items[i], $"{path}[{i}]", goPath);
            result.Add(value ?? default!);
        }

        return result;
    }

    private string? String(DocumentNode node, string structName, string goPath)
    {
        if (node is ScalarNode { Kind: ScalarKind.String } scalar)
        {
            return scalar.Value;
        }

        if (IsNull(node))
        {
            return null;
        }

        TypeError(node, structName, goPath, "string");
        return null;
    }

    private int? Int32(DocumentNode node, string goPath)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is ScalarNode { Kind: ScalarKind.Int or ScalarKind.Float } scalar)
        {
            var text = scalar.Value.Replace("_", "", StringComparison.Ordinal);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Fatal($"json: cannot unmarshal number {scalar.Value} into Go struct field KMSConfiguration.{goPath} of type int32");
            return null;
        }

        TypeError(node, "KMSConfiguration", goPath, "int32");
        return null;
    }

    private long? Duration(DocumentNode node)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is not ScalarNode { Kind: ScalarKind.String } scalar)
        {
            Fatal($"json: cannot unmarshal {KindWord(node)} into Go value of type string");
            return null;
        }

        if (!GoDuration.TryParse(scalar.Value, out var nanoseconds, out var error))
        {
            Fatal(error);
            return null;
        }

        return nanoseconds;
    }

    private bool IsObject(DocumentNode node, string goType, string structName, string goPath)
    {
        if (node is MappingNode)
        {
            return true;
        }

        if (!IsNull(node))
        {
            TypeError(node, structName, goPath, goType);
        }

        return false;
    }

    private static bool IsNull(DocumentNode node) => node is ScalarNode { Kind: ScalarKind.Null };

    private void TypeError(DocumentNode node, string structName, string goPath, string goType) =>
        Fatal($"json: cannot unmarshal {KindWord(node)} into Go struct field {structName}.{goPath} of type {goType}");

    private static string KindWord(DocumentNode node) => node switch
    {
        MappingNode => "object",
        SequenceNode => "array",
        ScalarNode scalar => scalar.JsonKind,
        _ => "value",
    };

    private void Fatal(string message) => _fatal ??= message;

    private void Unknown(string path) => AddStrict($"unknown field {GoFormat.Quote(path)}");

    private void AddStrict(string message)
    {
        if (_seenStrictErrors.Add(message))
        {
            _strictErrors.Add(message);
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
