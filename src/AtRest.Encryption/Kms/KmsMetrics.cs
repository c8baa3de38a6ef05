using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;

namespace AtRest.Encryption.Kms;

/// <summary>
/// The KMS measurements of spec §6.3, as .NET instruments on the meter <see cref="MeterName"/>; the API server turns
/// them into kube-apiserver's Prometheus metrics (it adds <c>apiserver_id_hash</c>). Key ids appear only as
/// <c>sha256:&lt;hex&gt;</c> hashes.
/// </summary>
public static class KmsMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "AtRest.Encryption.Kms";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Seconds per plugin RPC; tags <c>provider_name</c>, <c>method_name</c>, <c>grpc_status_code</c>.</summary>
    public static readonly Histogram<double> OperationLatency = Meter.CreateHistogram<double>("kms_operations_latency_seconds");

    /// <summary>DEK/seed read-cache misses (v1 and v2).</summary>
    public static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>("envelope_transformation_cache_misses");

    /// <summary>Key id use per read/write; tags <c>transformation_type</c>, <c>provider_name</c>, <c>key_id_hash</c>.</summary>
    public static readonly Counter<long> KeyIdHash = Meter.CreateCounter<long>("key_id_hash");

    /// <summary>Each valid Status; tags <c>provider_name</c>, <c>key_id_hash</c>.</summary>
    public static readonly Counter<long> KeyIdHashStatus = Meter.CreateCounter<long>("key_id_hash_status");

    /// <summary>Invalid Status key ids; tags <c>provider_name</c>, <c>error</c> (<c>empty</c>/<c>too_long</c>).</summary>
    public static readonly Counter<long> InvalidKeyIdFromStatus = Meter.CreateCounter<long>("invalid_key_id_from_status");

    /// <summary>Change in the number of cached v2 DEK sources; tag <c>provider_name</c>.</summary>
    public static readonly UpDownCounter<long> DekSourceCacheSize = Meter.CreateUpDownCounter<long>("dek_source_cache_size");

    /// <summary>Seconds to generate a random DEK or seed.</summary>
    public static readonly Histogram<double> DataKeyGeneration = Meter.CreateHistogram<double>("data_key_generation_duration_seconds");

    /// <summary>Failed DEK or seed generations.</summary>
    public static readonly Counter<long> DataKeyGenerationFailures = Meter.CreateCounter<long>("data_key_generation_failures");

    /// <summary><c>sha256:</c> and the hex SHA-256 of a key id, the only form in which key ids are shown.</summary>
    public static string Hash(string keyId) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyId)));
}
