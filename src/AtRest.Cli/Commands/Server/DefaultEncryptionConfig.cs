using System.Security.Cryptography;
using AtRest.ApiServer.Security;

namespace AtRest.Cli.Commands.Server;

/// <summary>
/// The configuration a server without <c>--encryption-provider-config</c> uses: secretbox for secrets with a fresh
/// 32-byte key, identity last so that values written before still read.
/// </summary>
internal static class DefaultEncryptionConfig
{
    /// <summary>Writes the configuration to <paramref name="path"/> (mode 0600) unless it exists.</summary>
    /// <returns>True when a new file (and key) was written.</returns>
    public static bool EnsureExists(string path)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            SecureFile.WriteAllText(path, Render(Convert.ToBase64String(key)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return true;
    }

    private static string Render(string base64Key) =>
        "apiVersion: apiserver.config.k8s.io/v1\n" +
        "kind: EncryptionConfiguration\n" +
        "resources:\n" +
        "  - resources:\n" +
        "      - secrets\n" +
        "    providers:\n" +
        "      - secretbox:\n" +
        "          keys:\n" +
        "            - name: key1\n" +
        $"              secret: {base64Key}\n" +
        "      - identity: {}\n";
}
