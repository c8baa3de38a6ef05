namespace AtRest.Encryption.Transformers;

/// <summary>
/// kube-apiserver's "encrypt-check" identity: writes bytes unchanged and refuses to read values that start
/// with <c>k8s:enc:</c>, so an encrypted value is never served as if it were plaintext.
/// </summary>
internal sealed class IdentityTransformer : StorageTransformer
{
    private static ReadOnlySpan<byte> EncryptedPrefix => "k8s:enc:"u8;

    private IdentityTransformer()
    {
    }

    /// <summary>The single shared instance (the transformer has no state).</summary>
    public static IdentityTransformer Instance { get; } = new();

    public override int GetStorageSize(int plaintextLength) => plaintextLength;

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination) =>
        plaintext.CopyTo(destination.AsSpan());

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData) =>
        data.Span.StartsWith(EncryptedPrefix)
            ? ReadOutcome.Failure(TransformError.IdentityReadEncrypted)
            : ReadOutcome.Success(data);
}
