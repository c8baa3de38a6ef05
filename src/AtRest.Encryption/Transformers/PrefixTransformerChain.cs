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
/// </remarks>
internal sealed class PrefixTransformerChain : StorageTransformer
{
    private readonly PrefixedTransformer[] _elements;
    private readonly PrefixedTransformer _writer;
    private readonly TransformError _noMatch;

    public PrefixTransformerChain(IReadOnlyList<PrefixedTransformer> elements, TransformError noMatch)
    {
        if (elements.Count == 0)
        {
            throw new ArgumentException("a prefix chain needs at least one element", nameof(elements));
        }

        _elements = [.. elements];
        _writer = _elements[0];
        _noMatch = noMatch;
    }

    public IReadOnlyList<PrefixedTransformer> Elements => _elements;

    public override int GetStorageSize(int plaintextLength) =>
        checked(_writer.Prefix.Length + _writer.Transformer.GetStorageSize(plaintextLength));

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination)
    {
        var prefix = _writer.Prefix;
        prefix.CopyTo(destination.AsSpan());
        _writer.Transformer.Write(plaintext, authenticatedData, destination[prefix.Length..]);
    }

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData)
    {
        string? unused = null;
        return ReadCore(data, authenticatedData, ref unused, trackSource: false);
    }

    /// <summary>As <see cref="Read"/>, also naming the prefixes that read the value (<c>k8s:enc:aescbc:v1:key1:</c>, <c>identity</c>).</summary>
    public ReadOutcome ReadWithSource(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData, out string? source)
    {
        source = null;
        return ReadCore(data, authenticatedData, ref source, trackSource: true);
    }

    private ReadOutcome ReadCore(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData, ref string? source, bool trackSource)
    {
        List<TransformError>? errors = null;
        var span = data.Span;
        for (var i = 0; i < _elements.Length; i++)
        {
            var element = _elements[i];
            var prefix = element.Prefix;
            if (!span.StartsWith(prefix))
            {
                continue;
            }

            string? innerSource = null;
            var outcome = trackSource && element.Transformer is PrefixTransformerChain inner
                ? inner.ReadWithSource(data[prefix.Length..], authenticatedData, out innerSource)
                : element.Transformer.Read(data[prefix.Length..], authenticatedData);
            if (outcome.Error is not null)
            {
                if (prefix.Length != 0)
                {
                    (errors ??= []).Add(outcome.Error);
                }

                continue;
            }

            if (trackSource)
            {
                source = prefix.Length == 0 && innerSource is null ? "identity" : element.PrefixText + innerSource;
            }

            return ReadOutcome.Success(outcome.Data, outcome.Stale || i != 0);
        }

        return ReadOutcome.Failure(errors is null ? _noMatch : TransformError.Aggregate(errors));
    }

    public override string ToString() => string.Join(", ", _elements.Select(e => e.ToString()));
}
