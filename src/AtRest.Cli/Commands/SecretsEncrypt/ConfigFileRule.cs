using YamlDotNet.RepresentationModel;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// One <c>resources[]</c> rule of an encryption configuration file, as YAML nodes that edits change in place:
/// <code>
/// - resources: [secrets, ...]
///   providers:                 ← <see cref="Providers"/>, tried in order; the first one writes
///   - aescbc:                  ← <see cref="KeyedProvider"/>: the first provider that holds keys
///       keys:                  ← <see cref="Keys"/>: keys[0] writes, the rest only read
///       - {name: key1, secret: base64}
///   - identity: {}
/// </code>
/// </summary>
/// <param name="Resources">The rule's resources as written.</param>
/// <param name="Providers">The providers sequence.</param>
internal sealed record ConfigFileRule(IReadOnlyList<string> Resources, YamlSequenceNode Providers)
{
    /// <summary>The provider types whose keys rotate-keys generates itself (32 random bytes).</summary>
    public static IReadOnlyList<string> RotatableTypes { get; } = ["aescbc", "aesgcm", "secretbox"];

    /// <summary>The type of each provider, in order (<c>aescbc</c>, <c>identity</c>, <c>kms</c>…).</summary>
    public IReadOnlyList<string> ProviderTypes => [.. Providers.Children.Select(TypeOf)];

    /// <summary>The first provider that is not identity, or null when the rule stores plain text only.</summary>
    public string? FirstEncryptingType => ProviderTypes.FirstOrDefault(t => t != "identity");

    /// <summary>The type of the first aescbc, aesgcm or secretbox provider, or null.</summary>
    public string? KeyedType => ProviderTypes.FirstOrDefault(RotatableTypes.Contains);

    /// <summary>The keys list of the first aescbc, aesgcm or secretbox provider, or null.</summary>
    public YamlSequenceNode? Keys
    {
        get
        {
            var index = ProviderTypes.ToList().FindIndex(t => RotatableTypes.Contains(t));
            return index < 0
                ? null
                : ConfigFileYaml.Child(ConfigFileYaml.Child((YamlMappingNode)Providers.Children[index], KeyedType!) as YamlMappingNode, "keys") as YamlSequenceNode;
        }
    }

    /// <summary>The names in <see cref="Keys"/>, in order.</summary>
    public IReadOnlyList<string> KeyNames => Keys is { } keys
        ? [.. keys.Children.Select(k => (ConfigFileYaml.Child(k as YamlMappingNode, "name") as YamlScalarNode)?.Value ?? string.Empty)]
        : [];

    /// <summary>Whether identity is the first provider (new writes in plain text).</summary>
    public bool IdentityFirst => ProviderTypes.Count > 0 && ProviderTypes[0] == "identity";

    private static string TypeOf(YamlNode provider) =>
        provider is YamlMappingNode { Children.Count: > 0 } mapping && mapping.Children.First().Key is YamlScalarNode { Value: { } type } ? type : string.Empty;
}
