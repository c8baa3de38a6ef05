using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>The OS CSPRNG (<see cref="RandomNumberGenerator"/>).</summary>
internal sealed class SystemNonceSource : INonceSource
{
    private SystemNonceSource()
    {
    }

    public static SystemNonceSource Instance { get; } = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
