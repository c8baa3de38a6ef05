using System.Text;
using AtRest.ApiServer.Observability;
using AtRest.Encryption.Kms;
using Prometheus;

namespace AtRest.ApiServer.Tests.Observability;

public sealed class InstrumentedKmsMetricsTests
{
    [Fact]
    public async Task Key_id_uses_are_counted_per_type_provider_and_key_id_hash_with_the_apiserver_id()
    {
        var metrics = new ApiServerMetrics("sha256:server");
        using var listener = new InstrumentedKmsMetrics(metrics);
        // The KMS meter is process-wide: a provider name of its own keeps other tests' measurements out of the counts.
        var provider = "p" + Guid.NewGuid().ToString("N");
        var uses = new[] { ("to_storage", "sha256:a"), ("to_storage", "sha256:a"), ("from_storage", "sha256:a"), ("to_storage", "sha256:b"), ("to_storage", "sha256:a") };
        foreach (var (type, hash) in uses)
        {
            KmsMetrics.KeyIdHash.Add(1, new("transformation_type", type), new("provider_name", provider), new("key_id_hash", hash));
        }

        var text = await Scrape(metrics);
        Assert.Contains(Total("to_storage", provider, "sha256:a") + " 3", text, StringComparison.Ordinal);
        Assert.Contains(Total("from_storage", provider, "sha256:a") + " 1", text, StringComparison.Ordinal);
        Assert.Contains(Total("to_storage", provider, "sha256:b") + " 1", text, StringComparison.Ordinal);
        Assert.Contains(
            $"apiserver_envelope_encryption_key_id_hash_last_timestamp_seconds{{transformation_type=\"to_storage\",provider_name=\"{provider}\",key_id_hash=\"sha256:b\",apiserver_id_hash=\"sha256:server\"}}",
            text, StringComparison.Ordinal);
    }

    private static string Total(string type, string provider, string hash) =>
        $"apiserver_envelope_encryption_key_id_hash_total{{transformation_type=\"{type}\",provider_name=\"{provider}\",key_id_hash=\"{hash}\",apiserver_id_hash=\"sha256:server\"}}";

    private static async Task<string> Scrape(ApiServerMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
