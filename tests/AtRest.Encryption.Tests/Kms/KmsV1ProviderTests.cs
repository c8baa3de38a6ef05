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
    public async Task Writes_are_the_CBC_layout_kube_apiserver_1_20_to_1_24_writes()
    {
        await using var config = KmsConfigs.Load("v1", "old", _plugin.Endpoint, Gated);
        var stored = await config.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);

        // The base64 plugin "encrypts" the DEK as its base64; the rest is IV(16) ‖ AES-CBC with PKCS#7 padding.
        var body = stored.AsSpan("k8s:enc:kms:v1:old:"u8.Length);
        var dek = Convert.FromBase64String(EncryptedDek(stored));
        var payload = body[(2 + BinaryPrimitives.ReadUInt16BigEndian(body))..];
        Assert.Equal(16 + ((Plaintext.Length / 16) + 1) * 16, payload.Length);
        using var aes = Aes.Create();
        aes.Key = dek;
        Assert.Equal(Plaintext, aes.DecryptCbc(payload[16..], payload[..16], PaddingMode.PKCS7));
    }

    [Fact]
    public async Task A_CBC_value_from_kube_apiserver_1_20_reads_as_current()
    {
        var dek = RandomNumberGenerator.GetBytes(32);
        using var aes = Aes.Create();
        aes.Key = dek;
        var iv = RandomNumberGenerator.GetBytes(16);
        var read = await ReadAsync(dek, [.. iv, .. aes.EncryptCbc(Plaintext, iv, PaddingMode.PKCS7)]);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.False(read.Stale);
    }

    [Fact]
    public async Task A_GCM_value_from_kube_apiserver_1_25_or_later_reads_as_stale_so_it_is_rewritten_with_CBC()
    {
        var dek = RandomNumberGenerator.GetBytes(32);
        using var gcm = new AesGcm(dek, 16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[Plaintext.Length];
        var tag = new byte[16];
        gcm.Encrypt(nonce, Plaintext, ciphertext, tag, StorageKey);
        var read = await ReadAsync(dek, [.. nonce, .. ciphertext, .. tag]);
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

    private async Task<TransformFromStorageResult> ReadAsync(byte[] dek, byte[] payload)
    {
        var encryptedDek = Encoding.ASCII.GetBytes(Convert.ToBase64String(dek));
        var stored = new byte[2 + encryptedDek.Length + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(stored, (ushort)encryptedDek.Length);
        encryptedDek.CopyTo(stored, 2);
        payload.CopyTo(stored, 2 + encryptedDek.Length);
        await using var config = KmsConfigs.Load("v1", "old", _plugin.Endpoint, Gated);
        return await config.For(KmsConfigs.Secrets).TransformFromStorageAsync((byte[])[.. "k8s:enc:kms:v1:old:"u8, .. stored], StorageKey, Ct);
    }

    private static string EncryptedDek(byte[] stored)
    {
        var body = stored.AsSpan("k8s:enc:kms:v1:old:"u8.Length);
        return Encoding.ASCII.GetString(body.Slice(2, BinaryPrimitives.ReadUInt16BigEndian(body)));
    }
}
