using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// An encryption configuration file that the rotation commands edit: loaded as YAML nodes (JSON is YAML too), changed in
/// place so that other rules and providers stay as written, and saved atomically (a 0600 temporary file in the same
/// folder, then a rename) so that a server reloading it never sees half a file. Comments are not kept.
/// </summary>
internal sealed class ConfigFileDocument
{
    private readonly YamlStream _stream;

    private readonly bool _json;

    private ConfigFileDocument(string path, YamlStream stream, IReadOnlyList<ConfigFileRule> rules, bool json)
    {
        Path = path;
        _stream = stream;
        Rules = rules;
        _json = json;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Every rule, in order.</summary>
    public IReadOnlyList<ConfigFileRule> Rules { get; }

    /// <summary>Every key name in the file, in every rule and provider.</summary>
    public IReadOnlySet<string> KeyNames => Rules.SelectMany(AllKeyNames).ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="EncryptionConfigurationException">The file is not a valid configuration.</exception>
    public static ConfigFileDocument Load(string path)
    {
        // The loader's checks (and messages) first; the YAML nodes are only for editing.
        EncryptionConfigurationLoader.LoadFile(path).DisposeAsync().AsTask().GetAwaiter().GetResult();
        var stream = new YamlStream();
        var text = File.ReadAllText(path);
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new EncryptionConfigurationException($"{path}: {e.Message}");
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode;
        var rules = new List<ConfigFileRule>();
        if (ConfigFileYaml.Child(root, "resources") is YamlSequenceNode entries)
        {
            foreach (var entry in entries.Children.OfType<YamlMappingNode>())
            {
                var resources = ConfigFileYaml.Child(entry, "resources") is YamlSequenceNode names
                    ? names.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? string.Empty).ToList()
                    : [];
                if (ConfigFileYaml.Child(entry, "providers") is YamlSequenceNode providers)
                {
                    rules.Add(new ConfigFileRule(resources, providers));
                }
            }
        }

        // The loader reads a file that starts with '{' as JSON only, so a JSON file is written back as JSON.
        return new ConfigFileDocument(path, stream, rules, text.TrimStart().StartsWith('{'));
    }

    /// <summary>A fresh 32-byte key for a <paramref name="type"/> provider, base64 as the file holds it.</summary>
    public static string NewSecret(string type) =>
        ConfigFileRule.RotatableTypes.Contains(type)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            : throw new ArgumentException($"rotate-keys generates keys for {string.Join(", ", ConfigFileRule.RotatableTypes)}, not {type}");

    /// <summary>Adds key <paramref name="name"/> to <paramref name="rule"/>'s keyed provider as a read key, second in its list.</summary>
    public static void AddReadKey(ConfigFileRule rule, string name, string secret)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var keys = rule.Keys ?? throw new InvalidOperationException("the rule has no aescbc, aesgcm or secretbox provider");
        var entry = new YamlMappingNode(new YamlScalarNode("name"), new YamlScalarNode(name), new YamlScalarNode("secret"), new YamlScalarNode(secret));
        keys.Children.Insert(Math.Min(1, keys.Children.Count), entry);
    }

    /// <summary>Moves key <paramref name="name"/> to the front of its list: it becomes the write key.</summary>
    public static void PromoteKey(ConfigFileRule rule, string name)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var keys = rule.Keys!;
        var index = rule.KeyNames.ToList().IndexOf(name);
        var entry = keys.Children[index];
        keys.Children.RemoveAt(index);
        keys.Children.Insert(0, entry);
    }

    /// <summary>Removes key <paramref name="name"/> from the rule's keyed provider; false when it was not there.</summary>
    public static bool RemoveKey(ConfigFileRule rule, string name)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var index = rule.KeyNames.ToList().IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        rule.Keys!.Children.RemoveAt(index);
        return true;
    }

    /// <summary>
    /// k3s's enable and disable: identity moves last (new writes encrypted) or first (new writes plain, existing values
    /// still read). A rule without identity gets one on disable. Returns whether anything changed.
    /// </summary>
    public static bool PlaceIdentity(ConfigFileRule rule, bool first)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var providers = rule.Providers.Children;
        var index = rule.ProviderTypes.ToList().IndexOf("identity");
        var target = first ? 0 : providers.Count - 1;
        if (index == target)
        {
            return false;
        }

        YamlNode identity;
        if (index < 0)
        {
            if (!first)
            {
                return false;
            }

            identity = new YamlMappingNode(new YamlScalarNode("identity"), new YamlMappingNode());
        }
        else
        {
            identity = providers[index];
            providers.RemoveAt(index);
        }

        providers.Insert(first ? 0 : providers.Count, identity);
        return true;
    }

    /// <summary>The file as it would be saved.</summary>
    public byte[] Render()
    {
        if (_json)
        {
            return Encoding.UTF8.GetBytes(ConfigFileJson.Of(_stream.Documents[0].RootNode)!.ToJsonString(ConfigFileJson.Options) + "\n");
        }

        var text = new StringWriter();
        _stream.Save(text, assignAnchors: false);

        // YamlStream ends every document with "...", which no EncryptionConfiguration needs.
        var rendered = text.ToString().TrimEnd();
        if (rendered.EndsWith("...", StringComparison.Ordinal))
        {
            rendered = rendered[..^3].TrimEnd();
        }

        return Encoding.UTF8.GetBytes(rendered + "\n");
    }

    /// <summary>
    /// Validates the edited file and replaces <see cref="Path"/> with it atomically, mode 0600.
    /// </summary>
    /// <returns>The content hash of what was written, as the servers will report it once they load it.</returns>
    /// <exception cref="EncryptionConfigurationException">The edit made the configuration invalid (nothing is written).</exception>
    public string Save()
    {
        var content = Render();
        EncryptionConfigurationLoader.LoadFromBytes(content, Path).DisposeAsync().AsTask().GetAwaiter().GetResult();
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temporary, options))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return EncryptionConfigurationLoader.ContentHash(content);
    }

    private static IEnumerable<string> AllKeyNames(ConfigFileRule rule) =>
        rule.Providers.Children.OfType<YamlMappingNode>()
            .SelectMany(provider => provider.Children.Values.OfType<YamlMappingNode>())
            .Select(settings => ConfigFileYaml.Child(settings, "keys"))
            .OfType<YamlSequenceNode>()
            .SelectMany(keys => keys.Children.OfType<YamlMappingNode>())
            .Select(key => (ConfigFileYaml.Child(key, "name") as YamlScalarNode)?.Value ?? string.Empty);
}
