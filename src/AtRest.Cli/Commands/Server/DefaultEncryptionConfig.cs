using System.Security.Cryptography;
using AtRest.ApiServer.Security;
using AtRest.Encryption.Configuration;

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
            SecureFile.WriteAllText(path, EncryptionConfigurationWriter.Render(
                ["secrets"], EncryptionProviderSpec.Keyed("secretbox", ("key1", Convert.ToBase64String(key))), EncryptionProviderSpec.Identity));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return true;
    }
}
