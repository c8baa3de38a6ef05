using System.Text;
using AtRest.ApiServer.Observability;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using Prometheus;

namespace AtRest.ApiServer.Tests.Observability;

public sealed class InstrumentedTransformerTests
{
    private static readonly GroupResource Secrets = new(string.Empty, "secrets");
    private static readonly byte[] Key = "/registry/secrets/default/s1"u8.ToArray();

    [Fact]
    public async Task Encrypted_write_and_read_are_counted_at_both_prefix_levels()
    {
        var config = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - aescbc:
                      keys:
                        - name: key1
                          secret: cGFzc3dvcmQxMjM0NTY3OA==
                  - identity: {}
            """u8;
        var metrics = new ApiServerMetrics("sha256:test");
        var transformers = new InstrumentedResourceTransformers(EncryptionConfigurationLoader.LoadFromBytes(config, "test.yaml"), metrics);
        var transformer = transformers.For(Secrets);

        var stored = await transformer.TransformToStorageAsync("value"u8.ToArray(), Key, TestContext.Current.CancellationToken);
        await transformer.TransformFromStorageAsync(stored, Key, TestContext.Current.CancellationToken);
        await transformer.TransformFromStorageAsync("k8s\0plain"u8.ToArray(), Key, TestContext.Current.CancellationToken);

        var text = await Scrape(metrics);
        Assert.Contains(Line("secrets", "to_storage", "k8s:enc:aescbc:v1:", "OK"), text, StringComparison.Ordinal);
        Assert.Contains(Line("secrets", "to_storage", "key1:", "OK"), text, StringComparison.Ordinal);
        Assert.Contains(Line("secrets", "from_storage", "k8s:enc:aescbc:v1:", "OK"), text, StringComparison.Ordinal);
        Assert.Contains(Line("secrets", "from_storage", "key1:", "OK"), text, StringComparison.Ordinal);
        Assert.Contains(Line("secrets", "from_storage", "identity", "OK"), text, StringComparison.Ordinal);
        Assert.Contains("apiserver_storage_transformation_duration_seconds_count{transformation_type=\"to_storage\",transformer_prefix=\"k8s:enc:aescbc:v1:\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_write_has_an_empty_prefix_and_a_failed_read_is_counted()
    {
        var metrics = new ApiServerMetrics("sha256:test");
        var config = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [configmaps]
                providers:
                  - secretbox:
                      keys:
                        - name: key1
                          secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
            """u8;
        var transformers = new InstrumentedResourceTransformers(EncryptionConfigurationLoader.LoadFromBytes(config, "test.yaml"), metrics);

        await transformers.For(Secrets).TransformToStorageAsync("value"u8.ToArray(), Key, TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await transformers.For(new GroupResource(string.Empty, "configmaps"))
                .TransformFromStorageAsync(Encoding.Latin1.GetBytes("k8s:enc:secretbox:v1:key1:garbage"), Key, TestContext.Current.CancellationToken));

        var text = await Scrape(metrics);
        Assert.Contains(Line("secrets", "to_storage", string.Empty, "OK"), text, StringComparison.Ordinal);
        Assert.Contains(Line("configmaps", "from_storage", "k8s:enc:secretbox:v1:", "unknown-non-grpc"), text, StringComparison.Ordinal);
    }

    private static string Line(string resource, string type, string prefix, string status) =>
        $"apiserver_storage_transformation_operations_total{{resource=\"{resource}\",transformation_type=\"{type}\",transformer_prefix=\"{prefix}\",status=\"{status}\"}} 1";

    private static async Task<string> Scrape(ApiServerMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
