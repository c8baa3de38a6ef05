using System.Text;
using AtRest.Encryption.Configuration;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>Small in-memory configurations for transformer tests.</summary>
internal static class TestConfigs
{
    public const string Key32 = "e0/+tts8FS254BZimFZWtUsOCOUDSkvzB72PyimMlkY=";
    public const string OtherKey32 = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=";
    public const string Key16 = "c2VjcmV0IGlzIHNlY3VyZQ==";

    public static readonly GroupResource Secrets = new("", "secrets");

    public static LoadedEncryptionConfiguration Load(string providersYaml, string resources = "[secrets]") =>
        EncryptionConfigurationLoader.LoadFromBytes(
            Encoding.UTF8.GetBytes($"""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                  - resources: {resources}
                    providers:
                {Indent(providersYaml, "      ")}
                """),
            "test.yaml");

    public static LoadedEncryptionConfiguration LoadMany(params (string Resources, string Providers)[] entries) =>
        EncryptionConfigurationLoader.LoadFromBytes(
            Encoding.UTF8.GetBytes(
                "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n" +
                string.Concat(entries.Select(e => $"  - resources: {e.Resources}\n    providers:\n{Indent(e.Providers, "      ")}\n"))),
            "test.yaml");

    public static string Keyed(string provider, params (string Name, string Secret)[] keys) =>
        $"- {provider}:\n    keys:\n" + string.Concat(keys.Select(k => $"      - name: \"{k.Name}\"\n        secret: {k.Secret}\n"));

    private static string Indent(string text, string indent) =>
        string.Join("\n", text.TrimEnd('\n').Split('\n').Select(line => indent + line));
}
