using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;

namespace AtRest.Cli.Commands.Codec;

/// <summary>
/// Decrypts a stored value as kube-apiserver reads it: the resource (for the provider list) comes from the etcd key
/// below the prefix (<c>/registry/secrets/ns/name</c> → core <c>secrets</c>), and the full key is the authenticated data.
/// </summary>
internal static class StoredValueDecryptor
{
    /// <exception cref="ArgumentException">The key is not below the prefix or names no resource.</exception>
    /// <exception cref="EncryptionConfigurationException">The configuration file cannot be loaded.</exception>
    /// <exception cref="EncryptionTransformException">No configured provider decrypts the value.</exception>
    public static async Task<byte[]> DecryptAsync(
        byte[] stored, string configPath, string etcdKey, string etcdPrefix, CancellationToken cancellationToken)
    {
        var resource = ResourceOf(etcdKey, etcdPrefix);
        var transformers = EncryptionConfigurationLoader.LoadFile(configPath);
        var result = await transformers.For(new GroupResource("", resource))
            .TransformFromStorageAsync(stored, Encoding.UTF8.GetBytes(etcdKey), cancellationToken)
            .ConfigureAwait(false);
        return result.Data.ToArray();
    }

    private static string ResourceOf(string etcdKey, string etcdPrefix)
    {
        var prefix = etcdPrefix.TrimEnd('/') + "/";
        if (!etcdKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"--key \"{etcdKey}\" is not below --etcd-prefix \"{etcdPrefix}\"");
        }

        var rest = etcdKey[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            ? rest[..slash]
            : throw new ArgumentException($"--key \"{etcdKey}\" names no resource; expected {prefix}<resource>/[<namespace>/]<name>");
    }
}
