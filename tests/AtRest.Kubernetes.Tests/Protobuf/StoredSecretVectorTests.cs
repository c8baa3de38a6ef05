using System.Text;
using System.Text.Json;
using AtRest.Kubernetes.Model;
using AtRest.Tests.Shared;

namespace AtRest.Kubernetes.Tests.Protobuf;

/// <summary>Secrets exactly as kube-apiserver stored them (the plaintexts of vectors U3 and U5 in tests/testdata/vectors).</summary>
public sealed class StoredSecretVectorTests
{
    [Fact]
    public void U3_plaintext_decodes_with_managed_fields_and_reencodes_identically()
    {
        var stored = Plaintext("U3");

        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(stored));

        Assert.Equal(("dek-source-aes-gcm-key", "kms-v2-legacy-data", "Opaque"), (secret.Metadata.Name, secret.Metadata.Namespace, secret.Type));
        Assert.Equal("086a7ffc-0225-11e8-ba89-0ed5f89f718b", Encoding.UTF8.GetString(secret.Data["api_key"]));
        var entry = Assert.Single(secret.Metadata.ManagedFields);
        Assert.Equal(("Update", "FieldsV1", ""), (entry.Operation, entry.FieldsType, entry.Subresource));
        Assert.Equal("""{"f:data":{".":{},"f:api_key":{}},"f:type":{}}""", Encoding.UTF8.GetString(entry.FieldsV1!));
        Assert.Equal(secret.Metadata.CreationTimestamp, entry.Time);
        Assert.Equal(Convert.ToHexString(stored), Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(secret)));
    }

    [Fact]
    public void U5_plaintext_decodes_and_reencodes_without_the_removed_cluster_name()
    {
        var stored = Plaintext("U5");

        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(stored));

        Assert.Equal(("test-secret", "secret-encryption-test"), (secret.Metadata.Name, secret.Metadata.Namespace));
        Assert.Equal("🤗🐼", Encoding.UTF8.GetString(secret.Data["api_key"]));

        // This value was written by an old release that still had ObjectMeta field 15 (clusterName, "" = 7a 00).
        // Current upstream skips the unknown field on read and so drops it on write; the lengths of raw (7e → 7c)
        // and metadata (5f → 5d) shrink by those two bytes.
        var hex = Convert.ToHexString(stored);
        var expected = hex.Replace("0510007A0012", "05100012", StringComparison.Ordinal)
            .Replace("127E0A5F0A", "127C0A5D0A", StringComparison.Ordinal);
        Assert.Equal(expected, Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(secret)));
        Assert.Contains("  api_key: 8J+kl/CfkLw=\n", KubernetesObjectCodec.EncodeYaml(secret), StringComparison.Ordinal);
    }

    private static byte[] Plaintext(string id)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("vectors", "encryption-vectors.json")));
        var vector = document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
        return Convert.FromHexString(vector.GetProperty("plaintext_hex").GetString()!);
    }
}
