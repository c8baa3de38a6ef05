namespace AtRest.Encryption;

/// <summary>
/// Turns a value into the bytes stored at rest and back, as kube-apiserver's <c>value.Transformer</c> does.
/// </summary>
/// <remarks>
/// <paramref name="authenticatedData"/> is always the full storage key (for example
/// <c>/registry/secrets/default/secret1</c>); AEAD providers bind the ciphertext to it.
/// Implementations are safe to call from many threads at once. A KMS provider may await its plugin in either direction.
/// </remarks>
public interface IValueTransformer
{
    /// <summary>
    /// Decodes stored bytes. <see cref="TransformFromStorageResult.Stale"/> says the value should be rewritten;
    /// <see cref="TransformFromStorageResult.Provider"/> and <see cref="TransformFromStorageResult.Key"/> say what read it.
    /// </summary>
    ValueTask<TransformFromStorageResult> TransformFromStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default);

    /// <summary>Encodes a value for storage with the write provider and key.</summary>
    ValueTask<byte[]> TransformToStorageAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="TransformToStorageAsync"/>, also naming the provider and key that wrote.</summary>
    ValueTask<TransformToStorageResult> TransformToStorageWithSourceAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default);
}
