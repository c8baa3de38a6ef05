using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>Configurations before and after a key rotation, and how to read a stored secret back.</summary>
internal static class ReencryptionConfigs
{
    public const string Key3 = "MzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM=";

    public static readonly GroupResource Secrets = new(string.Empty, "secrets");

    /// <summary>aescbc key1 only: the key in use before the rotation.</summary>
    public static string Old { get; } = EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key1", MixedStore.Key1)));

    /// <summary>key2 writes, key1 still reads: the configuration re-encryption runs under.</summary>
    public static string New { get; } = EncryptionConfigurationWriter.Render(
        ["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key2", MixedStore.Key2), ("key1", MixedStore.Key1)));

    /// <summary>key2 only: what the cluster keeps once key1 is retired.</summary>
    public static string NewOnly { get; } = EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key2", MixedStore.Key2)));

    /// <summary>key3 writes, key2 and key1 read: a second rotation.</summary>
    public static string Newer { get; } = EncryptionConfigurationWriter.Render(
        ["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key3", Key3), ("key2", MixedStore.Key2), ("key1", MixedStore.Key1)));

    public static LoadedEncryptionConfiguration Load(string yaml) => EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "test");

    /// <summary>The stored value of <paramref name="key"/> decrypted, and the prefix that read it.</summary>
    public static async Task<SourcedRead> ReadAsync(IKeyValueStore store, LoadedEncryptionConfiguration configuration, string key, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(key, cancellationToken) ?? throw new InvalidOperationException($"{key} is gone");
        return await configuration.TransformFromStorageWithSourceAsync(Secrets, entry.Value, Encoding.UTF8.GetBytes(key), cancellationToken);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="key"/> with the write key of <paramref name="configuration"/>.</summary>
    public static async Task<byte[]> EncryptAsync(LoadedEncryptionConfiguration configuration, string key, byte[] plaintext, CancellationToken cancellationToken) =>
        await configuration.For(Secrets).TransformToStorageAsync(plaintext, Encoding.UTF8.GetBytes(key), cancellationToken);
}
