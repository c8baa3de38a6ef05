using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// A store holding secrets under every kind of provider: plain text, aescbc key1 and key2, secretbox, aesgcm, one
/// under a key no configuration here has (unreadable), and one rewritten from plain text to key2 (old plain text in history).
/// </summary>
internal static class MixedStore
{
    public const string Key1 = "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=";
    public const string Key2 = "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI=";
    public const string Secretbox = "c2VjcmV0Ym94c2VjcmV0Ym94c2VjcmV0Ym94c2VjcmU=";
    public const string Gcm = "Z2NtZ2NtZ2NtZ2NtZ2NtZ2NtZ2NtZ2NtZ2NtZ2NtZ2M=";
    public const string Lost = "bG9zdGxvc3Rsb3N0bG9zdGxvc3Rsb3N0bG9zdGxvc3Q=";

    public const string PlainKey = "/registry/secrets/default/plain";
    public const string Key1Key = "/registry/secrets/default/under-key1";
    public const string LostKey = "/registry/secrets/default/lost";
    public const string RewrittenKey = "/registry/secrets/default/rewritten";

    /// <summary>aescbc key2 writes; key1, secretbox, aesgcm and identity read.</summary>
    public static string Current { get; } = EncryptionConfigurationWriter.Render(
        ["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key2", Key2), ("key1", Key1)), EncryptionProviderSpec.Keyed("secretbox", ("sb1", Secretbox)),
        EncryptionProviderSpec.Keyed("aesgcm", ("gcm1", Gcm)), EncryptionProviderSpec.Identity);

    /// <summary><see cref="Current"/> without key1: the object under key1 would be locked out.</summary>
    public static string WithoutKey1 { get; } = EncryptionConfigurationWriter.Render(
        ["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key2", Key2)), EncryptionProviderSpec.Keyed("secretbox", ("sb1", Secretbox)),
        EncryptionProviderSpec.Keyed("aesgcm", ("gcm1", Gcm)), EncryptionProviderSpec.Identity);

    private static readonly GroupResource Secrets = new(string.Empty, "secrets");

    /// <summary>Writes the objects; returns nothing but the store's new content.</summary>
    public static async Task SeedAsync(IKeyValueStore store, CancellationToken cancellationToken)
    {
        var identity = EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Identity);
        await WriteAsync(store, identity, PlainKey, cancellationToken);
        await WriteAsync(store, Single("aescbc", "key1", Key1), Key1Key, cancellationToken);
        await WriteAsync(store, Single("aescbc", "key2", Key2), "/registry/secrets/default/under-key2", cancellationToken);
        await WriteAsync(store, Single("secretbox", "sb1", Secretbox), "/registry/secrets/kube-system/under-secretbox", cancellationToken);
        await WriteAsync(store, Single("aesgcm", "gcm1", Gcm), "/registry/secrets/default/under-aesgcm", cancellationToken);
        await WriteAsync(store, Single("aescbc", "lost", Lost), LostKey, cancellationToken);
        await WriteAsync(store, identity, RewrittenKey, cancellationToken);
        var written = await store.GetAsync(RewrittenKey, cancellationToken);
        var value = await EncryptAsync(Single("aescbc", "key2", Key2), RewrittenKey, cancellationToken);
        Assert.True((await store.UpdateAsync(RewrittenKey, value, written!.ModRevision, cancellationToken)).Succeeded);
        Assert.True((await store.CreateAsync("/registry/configmaps/default/cm1", "configmap value"u8.ToArray(), cancellationToken)).Succeeded);
    }

    private static string Single(string type, string name, string secret) =>
        EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed(type, (name, secret)));

    private static async Task WriteAsync(IKeyValueStore store, string configuration, string key, CancellationToken cancellationToken) =>
        Assert.True((await store.CreateAsync(key, await EncryptAsync(configuration, key, cancellationToken), cancellationToken)).Succeeded);

    private static async Task<byte[]> EncryptAsync(string configuration, string key, CancellationToken cancellationToken)
    {
        await using var loaded = EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(configuration), "seed");
        return await loaded.For(Secrets).TransformToStorageAsync(Encoding.UTF8.GetBytes($"value of {key}"), Encoding.UTF8.GetBytes(key), cancellationToken);
    }
}
