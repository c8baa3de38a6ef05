using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>Hands out the same bytes every time, to reproduce vectors made with fixed IVs/nonces.</summary>
internal sealed class FixedNonceSource(byte[] bytes) : INonceSource
{
    public void Fill(Span<byte> destination)
    {
        Assert.Equal(bytes.Length, destination.Length);
        bytes.CopyTo(destination);
    }
}
