using YamlDotNet.RepresentationModel;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>Small lookups on the YAML nodes of an encryption configuration file.</summary>
internal static class ConfigFileYaml
{
    /// <summary>The value under <paramref name="name"/> in <paramref name="mapping"/>, or null.</summary>
    public static YamlNode? Child(YamlMappingNode? mapping, string name) =>
        mapping?.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: { } key } && key == name).Value;
}
