using System.Globalization;
using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// Writes many real Secrets (kube-apiserver's protobuf storage form, about 1 KiB of data each) straight into a store,
/// encrypted by a configuration, for re-encryption tests and benchmarks that need more objects than the API writes quickly.
/// </summary>
public static class SecretSeed
{
    private static readonly GroupResource Secrets = new(string.Empty, "secrets");

    /// <summary>The key of secret number <paramref name="index"/> in <paramref name="namespace"/>.</summary>
    public static string Key(string @namespace, int index) => $"/registry/secrets/{@namespace}/s-{index.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>The plaintext stored value of secret <paramref name="index"/>: its name is in its data, so each differs.</summary>
    public static byte[] Plaintext(string @namespace, int index, int dataBytes = 1024)
    {
        var name = $"s-{index.ToString("D6", CultureInfo.InvariantCulture)}";
        var secret = new Secret { Type = "Opaque" };
        secret.Metadata.Name = name;
        secret.Metadata.Namespace = @namespace;
        secret.Metadata.Uid = $"00000000-0000-4000-8000-{index.ToString("D12", CultureInfo.InvariantCulture)}";
        secret.Metadata.CreationTimestamp = KubernetesTime.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"{name} ", dataBytes / (name.Length + 1) + 1)))[..dataBytes];
        secret.Data["payload"] = payload;
        return KubernetesObjectCodec.EncodeProtobuf(secret);
    }

    /// <summary>Creates secrets 0..count-1 in <paramref name="namespace"/>, encrypted with <paramref name="configuration"/>'s write key.</summary>
    public static async Task WriteAsync(
        IKeyValueStore store, LoadedEncryptionConfiguration configuration, string @namespace, int count, CancellationToken cancellationToken, int dataBytes = 1024)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(configuration);
        var transformer = configuration.For(Secrets);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var key = Key(@namespace, index);
                var value = await transformer.TransformToStorageAsync(Plaintext(@namespace, index, dataBytes), Encoding.UTF8.GetBytes(key), token);
                var written = await store.CreateAsync(key, value, token);
                if (!written.Succeeded)
                {
                    throw new InvalidOperationException($"{key} already exists");
                }
            });
    }
}
