namespace AtRest.Encryption.Transformers;

/// <summary>Where IVs and nonces come from. Production uses the OS CSPRNG; tests inject fixed bytes to reproduce vectors.</summary>
internal interface INonceSource
{
    /// <summary>Fills <paramref name="destination"/> with fresh unpredictable bytes.</summary>
    void Fill(Span<byte> destination);
}
