using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>Spec §8: upstream fixtures decrypt; constructed vectors decrypt and are reproduced byte for byte.</summary>
public sealed class VectorTests
{
    [Fact]
    public void U1_LegacyGcmDataDecryptsWithRawGcm()
    {
        var v = EncryptionVectors.Get("U1");
        using var gcm = new AesGcm(v.Ascii("key_ascii"), AesGcmTransformer.TagSize);
        var outcome = AesGcmTransformer.Open(gcm, v.Hex("stored_hex"), v.Ascii("aad_ascii"));
        Assert.Null(outcome.Error);
        Assert.Equal(v.Text("plaintext_ascii"), Encoding.ASCII.GetString(outcome.Data.Span));
    }

    [Fact]
    public void U2_ExtendedNonceGcmDerivesKeyWithHkdfExpandAndDecrypts()
    {
        var v = EncryptionVectors.Get("U2");
        var stored = v.Hex("stored_hex");
        var key = HkdfExtendedNonceGcm.DeriveKey(v.Hex("seed_hex"), stored.AsSpan(0, HkdfExtendedNonceGcm.InfoSize));
        Assert.Equal(v.Text("derived_key_hex"), Convert.ToHexStringLower(key));

        var outcome = HkdfExtendedNonceGcm.Open(v.Hex("seed_hex"), stored, v.Ascii("aad_ascii"));
        Assert.Null(outcome.Error);
        Assert.Equal(v.Text("plaintext_ascii"), Encoding.ASCII.GetString(outcome.Data.Span));
    }

    [Fact]
    public void U2_WrongAadFailsAuthentication()
    {
        var v = EncryptionVectors.Get("U2");
        var outcome = HkdfExtendedNonceGcm.Open(v.Hex("seed_hex"), v.Hex("stored_hex"), "bamboO"u8);
        Assert.Equal("cipher: message authentication failed", outcome.Error?.Message);
    }

    [Theory]
    [InlineData("C1", "aescbc")]
    [InlineData("C2", "aescbc")]
    [InlineData("C3", "aesgcm")]
    [InlineData("C4", "aesgcm")]
    [InlineData("C5", "secretbox")]
    public async Task ConstructedVectorDecryptsThroughTheConfiguredChain(string id, string provider)
    {
        var v = EncryptionVectors.Get(id);
        var config = LoadFor(provider, v.Text("key_name"), v.Text("key_base64"), SystemNonceSource.Instance);
        var result = await config.For(new GroupResource("", "secrets"))
            .TransformFromStorageAsync(v.Hex("stored_hex"), v.Ascii("aad_ascii"), TestContext.Current.CancellationToken);
        Assert.Equal(v.Text("plaintext_ascii"), Encoding.ASCII.GetString(result.Data.Span));
        Assert.False(result.Stale);
    }

    [Theory]
    [InlineData("C1", "aescbc")]
    [InlineData("C2", "aescbc")]
    [InlineData("C3", "aesgcm")]
    [InlineData("C4", "aesgcm")]
    [InlineData("C5", "secretbox")]
    public async Task ConstructedVectorIsReproducedByteForByteWithItsFixedNonce(string id, string provider)
    {
        var v = EncryptionVectors.Get(id);
        var config = LoadFor(provider, v.Text("key_name"), v.Text("key_base64"), new FixedNonceSource(v.Hex("fixed_iv_or_nonce_hex")));
        var stored = await config.For(new GroupResource("", "secrets"))
            .TransformToStorageAsync(v.Ascii("plaintext_ascii"), v.Ascii("aad_ascii"), TestContext.Current.CancellationToken);
        Assert.Equal(v.Text("stored_hex"), Convert.ToHexStringLower(stored));
    }

    private static LoadedEncryptionConfiguration LoadFor(string provider, string keyName, string secret, INonceSource nonces)
    {
        var yaml = $"""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - {provider}:
                      keys:
                        - name: {keyName}
                          secret: {secret}
            """;
        return EncryptionConfigurationLoader.Load(Encoding.UTF8.GetBytes(yaml), "vector.yaml", false, nonces);
    }
}
