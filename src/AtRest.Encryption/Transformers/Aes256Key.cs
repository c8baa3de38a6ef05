using System.Runtime.CompilerServices;

namespace AtRest.Encryption.Transformers;

/// <summary>A 32-byte AES-256 key held inline (no array of its own), for keys derived per value.</summary>
[InlineArray(Size)]
internal struct Aes256Key
{
    public const int Size = 32;

    private byte _first;

    public override readonly string ToString() => "Aes256Key(REDACTED)";
}
