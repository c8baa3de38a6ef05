using System.Text;

namespace AtRest.Encryption.Configuration;

/// <summary>
/// Writes an <c>EncryptionConfiguration</c> YAML document with one resource rule, for the tools that generate
/// configurations (<c>atrest encryption generate-config</c>, the server's default configuration) and for tests.
/// </summary>
public static class EncryptionConfigurationWriter
{
    /// <summary>The document for <paramref name="resources"/> encrypted by <paramref name="providers"/>, in order.</summary>
    public static string Render(IEnumerable<string> resources, params IEnumerable<EncryptionProviderSpec> providers)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: apiserver.config.k8s.io/v1\n");
        sb.Append("kind: EncryptionConfiguration\n");
        sb.Append("resources:\n");
        sb.Append("  - resources:\n");
        foreach (var resource in resources)
        {
            sb.Append("      - ").Append(YamlString(resource)).Append('\n');
        }

        sb.Append("    providers:\n");
        foreach (var provider in providers)
        {
            if (provider.Keys.Count == 0)
            {
                sb.Append("      - ").Append(provider.Type).Append(": {}\n");
                continue;
            }

            sb.Append("      - ").Append(provider.Type).Append(":\n");
            sb.Append("          keys:\n");
            foreach (var (name, secret) in provider.Keys)
            {
                sb.Append("            - name: ").Append(YamlString(name)).Append('\n');
                sb.Append("              secret: ").Append(secret).Append('\n');
            }
        }

        return sb.ToString();
    }

    // Plain when safe; quoted when YAML would misread it (a leading '*' is an alias, for example).
    private static string YamlString(string value) =>
        value.Length > 0 && char.IsAsciiLetterLower(value[0]) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
            ? value
            : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
