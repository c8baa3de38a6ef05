namespace AtRest.Encryption.Transformers;

/// <summary>
/// kube-apiserver's <c>prefixTransformers</c>, used at both levels (providers of a resource, keys of a provider).
/// </summary>
/// <remarks>
/// Write: the first element, as <c>prefix ‖ inner output</c>.
/// Read, for elements in order: skip unless the bytes start with the prefix; strip it and try the element;
/// an error from an empty-prefix (identity) element is ignored; any other error is remembered and the next
/// element is still tried (overlapping prefixes are legal); the first success returns with
/// <c>stale = inner stale || index != 0</c>. All failed: the remembered errors aggregated, else the "no match" error.
/// The outcome names the element's prefix and what the element itself matched, which the metrics label with.
/// A chain with a KMS element reads asynchronously; the others keep the synchronous path.
/// </remarks>
internal sealed class PrefixTransformerChain : StorageTransformer
{
    private readonly PrefixedTransformer[] _elements;
    private readonly PrefixedTransformer _writer;
    private readonly TransformError _noMatch;
    private readonly bool _readsSynchronously;

    public PrefixTransformerChain(IReadOnlyList<PrefixedTransformer> elements, TransformError noMatch)
    {
        if (elements.Count == 0)
        {
            throw new ArgumentException("a prefix chain needs at least one element", nameof(elements));
        }

        _elements = [.. elements];
        _writer = _elements[0];
        _noMatch = noMatch;
        _readsSynchronously = _elements.All(e => e.Transformer.ReadsSynchronously);
    }

    public IReadOnlyList<PrefixedTransformer> Elements => _elements;

    public override bool ReadsSynchronously => _readsSynchronously;

    public override bool WritesSynchronously => _writer.Transformer.WritesSynchronously;

    public override (string Provider, string? Key) WritePrefixes =>
        (_writer.PrefixText, _writer.Transformer is PrefixTransformerChain keys ? keys._writer.PrefixText : null);

    public override int GetStorageSize(int plaintextLength) =>
        checked(_writer.Prefix.Length + _writer.Transformer.GetStorageSize(plaintextLength));

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination)
    {
        var prefix = _writer.Prefix;
        prefix.CopyTo(destination.AsSpan());
        _writer.Transformer.Write(plaintext, authenticatedData, destination[prefix.Length..]);
    }

    public override async ValueTask<byte[]> WriteAsync(
        ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> authenticatedData, int reserve, CancellationToken cancellationToken)
    {
        if (_writer.Transformer.WritesSynchronously)
        {
            return await base.WriteAsync(plaintext, authenticatedData, reserve, cancellationToken).ConfigureAwait(false);
        }

        var prefix = _writer.Prefix;
        var output = await _writer.Transformer.WriteAsync(plaintext, authenticatedData, checked(reserve + prefix.Length), cancellationToken)
            .ConfigureAwait(false);
        prefix.CopyTo(output.AsSpan(reserve));
        return output;
    }

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData)
    {
        if (!_readsSynchronously)
        {
            throw new InvalidOperationException("this chain holds a KMS provider and reads asynchronously");
        }

        List<TransformError>? errors = null;
        string? tried = null;
        var span = data.Span;
        for (var i = 0; i < _elements.Length; i++)
        {
            var element = _elements[i];
            var prefix = element.Prefix;
            if (!span.StartsWith(prefix))
            {
                continue;
            }

            var outcome = element.Transformer.Read(data[prefix.Length..], authenticatedData);
            if (outcome.Error is null)
            {
                return outcome.Through(element.PrefixText, outcome.Stale || i != 0);
            }

            if (prefix.Length != 0)
            {
                (errors ??= []).Add(outcome.Error);
                tried = element.PrefixText;
            }
        }

        return ReadOutcome.Failure(errors is null ? _noMatch : TransformError.Aggregate(errors), tried);
    }

    public override async ValueTask<ReadOutcome> ReadAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken)
    {
        if (_readsSynchronously)
        {
            return Read(data, authenticatedData.Span);
        }

        List<TransformError>? errors = null;
        string? tried = null;
        for (var i = 0; i < _elements.Length; i++)
        {
            var element = _elements[i];
            var prefix = element.Prefix;
            if (!data.Span.StartsWith(prefix))
            {
                continue;
            }

            var transformer = element.Transformer;
            var outcome = transformer.ReadsSynchronously
                ? transformer.Read(data[prefix.Length..], authenticatedData.Span)
                : await transformer.ReadAsync(data[prefix.Length..], authenticatedData, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is null)
            {
                return outcome.Through(element.PrefixText, outcome.Stale || i != 0);
            }

            if (prefix.Length != 0)
            {
                (errors ??= []).Add(outcome.Error);
                tried = element.PrefixText;
            }
        }

        return ReadOutcome.Failure(errors is null ? _noMatch : TransformError.Aggregate(errors), tried);
    }

    public override string ToString() => string.Join(", ", _elements.Select(e => e.ToString()));
}
