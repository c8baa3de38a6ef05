namespace AtRest.Encryption.Transformers;

/// <summary>
/// Base of every transformer. Writes are split into "how big" and "write into this span" so that a whole
/// chain (provider prefix ‖ key prefix ‖ payload) is produced into one array allocated once.
/// Reads report errors as values (<see cref="ReadOutcome"/>), because the prefix chain keeps trying after a failure.
/// </summary>
internal abstract class StorageTransformer : IValueTransformer
{
    /// <summary>The exact stored size for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public abstract int GetStorageSize(int plaintextLength);

    /// <summary>
    /// Writes the stored form into <paramref name="destination"/>, which is exactly <see cref="GetStorageSize"/> long.
    /// A segment of the output array rather than a span, because .NET's reusable CBC transform only takes arrays.
    /// </summary>
    public abstract void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination);

    /// <summary>Decodes a stored value (with any outer prefix already removed).</summary>
    public abstract ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData);

    /// <summary>The stored form as a new array: the only allocation of the write path.</summary>
    public byte[] WriteToArray(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData)
    {
        var output = GC.AllocateUninitializedArray<byte>(GetStorageSize(plaintext.Length));
        Write(plaintext, authenticatedData, new ArraySegment<byte>(output));
        return output;
    }

    /// <inheritdoc />
    public ValueTask<TransformFromStorageResult> TransformFromStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var outcome = Read(data, authenticatedData.Span);
        return outcome.Error is null
            ? ValueTask.FromResult(new TransformFromStorageResult(outcome.Data, outcome.Stale))
            : ValueTask.FromException<TransformFromStorageResult>(outcome.Error.ToException());
    }

    /// <inheritdoc />
    public ValueTask<byte[]> TransformToStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(WriteToArray(data.Span, authenticatedData.Span));
}
