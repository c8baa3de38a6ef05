using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>The deprecated KMS v1 provider (spec §3.4), allowed by the KMSv1 gate, against the base64 plugin.</summary>
[Trait("Category", "Integration")]
public sealed class KmsV1ProviderTests : IAsyncLifetime
{
    private static readonly byte[] StorageKey = "/registry/secrets/default/s1"u8.ToArray();
    private static readonly byte[] Plaintext = "k8s\0a secret value"u8.ToArray();
    private static readonly KmsRuntimeOptions Gated = new() { AllowKmsV1 = true, HealthyCheckCacheTtl = TimeSpan.Zero, UnhealthyCheckCacheTtl = TimeSpan.Zero };
    private Base64KmsPlugin _plugin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _plugin = await Base64KmsPlugin.StartAsync();

    public async ValueTask DisposeAsync() => await _plugin.DisposeAsync();

    [Fact]
    public void Without_the_KMSv1_gate_the_provider_is_refused_with_upstream_text()
    {
        var error = Assert.Throws<EncryptionConfigurationException>(() => KmsConfigs.Load("v1", "old", _plugin.Endpoint, KmsRuntimeOptions.Default));
        Assert.Equal(
            "error while building transformers: KMSv1 is deprecated and will only receive security updates going forward. Use KMSv2 instead.  Set --feature-gates=KMSv1=true to use the deprecated KMSv1 feature.",
            error.Message);
    }

    [Fact]
    public async Task Each_write_has_its_own_DEK_and_reads_use_the_DEK_cache()
    {
        byte[] first;
        await using (var writer = KmsConfigs.Load("v1", "old", _plugin.Endpoint, Gated))
        {
            first = await writer.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
            var second = await writer.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
            Assert.Equal(2, _plugin.Encrypts);
            Assert.NotEqual(EncryptedDek(first), EncryptedDek(second));
            Assert.Null(await writer.KmsProviders[0].CheckAsync(Ct));
        }

        var decryptsBefore = _plugin.Decrypts;
        await using var reader = KmsConfigs.Load("v1", "old", _plugin.Endpoint, Gated);
        for (var i = 0; i < 3; i++)
        {
            var read = await reader.For(KmsConfigs.Secrets).TransformFromStorageAsync(first, StorageKey, Ct);
            Assert.Equal(Plaintext, read.Data.ToArray());
            Assert.False(read.Stale);
            Assert.Equal("k8s:enc:kms:v1:old:", read.Provider);
        }

        Assert.Equal(decryptsBefore + 1, _plugin.Decrypts);
    }

    [Fact]
    public async Task A_pre_1_25_CBC_value_reads_as_stale_so_it_is_rewritten_with_GCM()
    {
        var dek = RandomNumberGenerator.GetBytes(32);
        var encryptedDek = Encoding.ASCII.GetBytes(Convert.ToBase64String(dek));
        using var aes = Aes.Create();
        aes.Key = dek;
        var iv = RandomNumberGenerator.GetBytes(16);
        var cbc = aes.EncryptCbc(Plaintext, iv, PaddingMode.PKCS7);
        var stored = new byte[2 + encryptedDek.Length + iv.Length + cbc.Length];
        BinaryPrimitives.WriteUInt16BigEndian(stored, (ushort)encryptedDek.Length);
        encryptedDek.CopyTo(stored, 2);
        iv.CopyTo(stored, 2 + encryptedDek.Length);
        cbc.CopyTo(stored, 2 + encryptedDek.Length + iv.Length);

        await using var config = KmsConfigs.Load("v1", "old", _plugin.Endpoint, Gated);
        var read = await config.For(KmsConfigs.Secrets).TransformFromStorageAsync((byte[])[.. "k8s:enc:kms:v1:old:"u8, .. stored], StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task A_truncated_value_fails_with_upstream_text()
    {
        await using var config = KmsConfigs.Load("v1", "old", _plugin.Endpoint, Gated);
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(async () =>
            await config.For(KmsConfigs.Secrets).TransformFromStorageAsync("k8s:enc:kms:v1:old:\u0001"u8.ToArray(), StorageKey, Ct));
        Assert.Equal("invalid data encountered by envelope transformer: failed to read uint16 length prefixed data", error.Message);
    }

    private static string EncryptedDek(byte[] stored)
    {
        var body = stored.AsSpan("k8s:enc:kms:v1:old:"u8.Length);
        return Encoding.ASCII.GetString(body.Slice(2, BinaryPrimitives.ReadUInt16BigEndian(body)));
    }
}
