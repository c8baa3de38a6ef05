using System.Diagnostics;
using AtRest.Encryption;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// Times one transformer call and counts it at both prefix levels, as kube-apiserver's prefix transformers do. The
/// chain itself reports which provider and key read or wrote the value; nothing here looks at the stored bytes.
/// </summary>
internal sealed class InstrumentedValueTransformer(IValueTransformer inner, string resource, ApiServerMetrics metrics) : IValueTransformer
{
    private const string FromStorage = "from_storage";
    private const string ToStorage = "to_storage";

    /// <summary>What upstream labels a read that no provider could make (no match, or every candidate failed).</summary>
    private const string UnknownPrefix = "unknown";

    /// <inheritdoc />
    public async ValueTask<TransformFromStorageResult> TransformFromStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.TransformFromStorageAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false);
            Record(FromStorage, result.Provider, result.Key, TransformationStatus.Ok, started);
            return result;
        }
        catch (EncryptionTransformException e) when (!cancellationToken.IsCancellationRequested)
        {
            Record(FromStorage, e.Provider ?? UnknownPrefix, null, e.GrpcStatus ?? TransformationStatus.UnknownNonGrpc, started);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> TransformToStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default) =>
        (await TransformToStorageWithSourceAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false)).Data;

    /// <inheritdoc />
    public async ValueTask<TransformToStorageResult> TransformToStorageWithSourceAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var stored = await inner.TransformToStorageWithSourceAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false);
            Record(ToStorage, stored.Provider, stored.Key, TransformationStatus.Ok, started);
            return stored;
        }
        catch (EncryptionTransformException e) when (!cancellationToken.IsCancellationRequested)
        {
            Record(ToStorage, string.Empty, null, e.GrpcStatus ?? TransformationStatus.UnknownNonGrpc, started);
            throw;
        }
    }

    private void Record(string type, string provider, string? key, string status, long started)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        metrics.RecordTransformation(resource, type, provider, status, seconds);
        if (key is not null)
        {
            metrics.RecordTransformation(resource, type, key, status, seconds);
        }
    }
}
