namespace AtRest.Encryption.Transformers;

/// <summary>
/// Base of every transformer. Writes are split into "how big" and "write into this span" so that a whole
/// chain (provider prefix ‖ key prefix ‖ payload) is produced into one array allocated once.
/// Reads report errors as values (<see cref="ReadOutcome"/>), because the prefix chain keeps trying after a failure.
/// </summary>
/// <remarks>
/// Local ciphers run synchronously. A KMS provider may have to call its plugin: it says so through
/// <see cref="ReadsSynchronously"/>/<see cref="WritesSynchronously"/> and overrides the async methods, so a read that
/// awaits an RPC never blocks a thread while static-key chains keep their allocation-free synchronous path.
/// </remarks>
internal abstract class StorageTransformer : IValueTransformer
{
    /// <summary>False when <see cref="ReadAsync"/> may await I/O; <see cref="Read"/> is then not used by the chain.</summary>
    public virtual bool ReadsSynchronously => true;

    /// <summary>False when <see cref="WriteAsync"/> may await I/O; <see cref="Write"/> is then not used by the chain.</summary>
    public virtual bool WritesSynchronously => true;

    /// <summary>The exact stored size for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public abstract int GetStorageSize(int plaintextLength);

    /// <summary>
    /// Writes the stored form into <paramref name="destination"/>, which is exactly <see cref="GetStorageSize"/> long.
    /// A segment of the output array rather than a span, because .NET's reusable CBC transform only takes arrays.
    /// </summary>
    public abstract void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination);

    /// <summary>Decodes a stored value (with any outer prefix already removed).</summary>
    public abstract ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData);

    /// <summary>
    /// The stored form, with <paramref name="reserve"/> free bytes at the front for outer prefixes. Synchronous
    /// transformers write in place; asynchronous ones override this.
    /// </summary>
    public virtual ValueTask<byte[]> WriteAsync(
        ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> authenticatedData, int reserve, CancellationToken cancellationToken)
    {
        var output = GC.AllocateUninitializedArray<byte>(checked(reserve + GetStorageSize(plaintext.Length)));
        Write(plaintext.Span, authenticatedData.Span, new ArraySegment<byte>(output, reserve, output.Length - reserve));
        return ValueTask.FromResult(output);
    }

    /// <summary>As <see cref="Read"/>, for transformers that may await I/O.</summary>
    public virtual ValueTask<ReadOutcome> ReadAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Read(data, authenticatedData.Span));

    /// <summary>The stored form as a new array: the only allocation of the write path.</summary>
    public byte[] WriteToArray(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData)
    {
        var output = GC.AllocateUninitializedArray<byte>(GetStorageSize(plaintext.Length));
        Write(plaintext, authenticatedData, new ArraySegment<byte>(output));
        return output;
    }

    /// <inheritdoc />
    public async ValueTask<TransformFromStorageResult> TransformFromStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var outcome = ReadsSynchronously
            ? Read(data, authenticatedData.Span)
            : await ReadAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is not null)
        {
            throw outcome.Error.ToException(outcome.Matched);
        }

        return new TransformFromStorageResult(outcome.Data, outcome.Stale)
        {
            Provider = outcome.Matched is null or "" ? TransformFromStorageResult.IdentityPrefix : outcome.Matched,
            Key = outcome.InnerMatched is null or "" ? null : outcome.InnerMatched,
        };
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> TransformToStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default) =>
        (await TransformToStorageWithSourceAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false)).Data;

    /// <inheritdoc />
    public virtual async ValueTask<TransformToStorageResult> TransformToStorageWithSourceAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var stored = WritesSynchronously
            ? WriteToArray(data.Span, authenticatedData.Span)
            : await WriteAsync(data, authenticatedData, 0, cancellationToken).ConfigureAwait(false);
        var (provider, key) = WritePrefixes;
        return new TransformToStorageResult(stored, provider, key);
    }

    /// <summary>The prefixes a write goes through: provider level (empty for identity) and key level.</summary>
    public virtual (string Provider, string? Key) WritePrefixes => (string.Empty, null);
}
