using System.Diagnostics;
using AtRest.Encryption;

namespace AtRest.ApiServer.Observability;

/// <summary>Times one transformer call and counts it at both prefix levels, as kube-apiserver's prefix transformers do.</summary>
internal sealed class InstrumentedValueTransformer(IValueTransformer inner, string resource, ApiServerMetrics metrics) : IValueTransformer
{
    private const string FromStorage = "from_storage";
    private const string ToStorage = "to_storage";

    /// <inheritdoc />
    public async ValueTask<TransformFromStorageResult> TransformFromStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.TransformFromStorageAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false);
            Record(FromStorage, data.Span, TransformationStatus.Ok, started);
            return result;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Record(FromStorage, data.Span, TransformationStatus.UnknownNonGrpc, started);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> TransformToStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var stored = await inner.TransformToStorageAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false);
            Record(ToStorage, stored, TransformationStatus.Ok, started);
            return stored;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.RecordTransformation(resource, ToStorage, string.Empty, TransformationStatus.UnknownNonGrpc, 0);
            throw;
        }
    }

    private void Record(string type, ReadOnlySpan<byte> stored, string status, long started)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var prefixes = TransformerPrefixes.Parse(stored);
        if (prefixes is null)
        {
            metrics.RecordTransformation(resource, type, type == FromStorage ? "identity" : string.Empty, status, seconds);
            return;
        }

        metrics.RecordTransformation(resource, type, prefixes.Value.Outer, status, seconds);
        if (prefixes.Value.Inner is { } inner)
        {
            metrics.RecordTransformation(resource, type, inner, status, seconds);
        }
    }
}
