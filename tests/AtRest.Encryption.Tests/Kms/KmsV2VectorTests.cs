using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Kms;
using AtRest.Encryption.Tests.Transformers;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>Upstream's recorded KMS v2 values (U3: AES_GCM_KEY, U4: HKDF seed) and the constructed C7 decrypt through a
/// configured <c>kms</c> v2 provider talking gRPC to the base64 plugin over a real unix socket.</summary>
[Trait("Category", "Integration")]
public sealed class KmsV2VectorTests : IAsyncLifetime
{
    private static readonly KmsRuntimeOptions Options = new() { HealthyCheckCacheTtl = TimeSpan.Zero, UnhealthyCheckCacheTtl = TimeSpan.Zero };
    private Base64KmsPlugin _plugin = null!;

    public async ValueTask InitializeAsync() => _plugin = await Base64KmsPlugin.StartAsync();

    public async ValueTask DisposeAsync() => await _plugin.DisposeAsync();

    [Theory]
    [InlineData("U3", true)]
    [InlineData("U4", false)]
    [InlineData("C7", false)]
    public async Task Vector_decrypts_and_is_stale_only_for_the_old_dek_source_type(string id, bool stale)
    {
        var v = KmsVectors.Get(id);
        await using var config = KmsConfigs.Load("v2", v.Text("provider_name"), _plugin.Endpoint, Options);
        await KmsConfigs.WaitHealthyAsync(config);

        var read = await config.For(KmsConfigs.Secrets).TransformFromStorageAsync(v.Hex("stored_hex"), v.Ascii("aad_ascii"), TestContext.Current.CancellationToken);

        if (v.TryGetProperty("plaintext_sha256", out var sha))
        {
            Assert.Equal(sha.GetString(), Convert.ToHexStringLower(SHA256.HashData(read.Data.Span)));
        }
        else
        {
            Assert.Equal(v.Text("plaintext_ascii"), Encoding.ASCII.GetString(read.Data.Span));
        }

        Assert.Equal(stale, read.Stale);
        Assert.Equal("k8s:enc:kms:v2:kms-provider:", read.Provider);
        Assert.Equal(1, _plugin.Decrypts);
    }

    [Fact]
    public async Task Vector_read_under_another_storage_key_fails_authentication()
    {
        var v = KmsVectors.Get("C7");
        await using var config = KmsConfigs.Load("v2", "kms-provider", _plugin.Endpoint, Options);
        await KmsConfigs.WaitHealthyAsync(config);
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(async () =>
            await config.For(KmsConfigs.Secrets).TransformFromStorageAsync(v.Hex("stored_hex"), "/registry/secrets/default/other"u8.ToArray(), TestContext.Current.CancellationToken));
        Assert.Equal("cipher: message authentication failed", error.Message);
    }
}
