using System.Security.Cryptography;
using System.Text;
using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Replaces a secret value with <c>hmac-sha256:&lt;64 hex&gt;</c> under a key kept in the data directory: equal values
/// give equal fingerprints (so an auditor can correlate them) and, without the key, a fingerprint cannot be checked
/// against guesses the way a bare hash of a short password could.
/// </summary>
public sealed class ValueFingerprinter
{
    /// <summary>The key file's name in the data directory.</summary>
    public const string KeyFileName = "audit-hmac.key";

    /// <summary>What every fingerprint starts with.</summary>
    public const string Prefix = "hmac-sha256:";

    private const int KeyBytes = 32;
    private readonly byte[] _key;

    /// <summary>Uses <paramref name="key"/> (32 bytes).</summary>
    public ValueFingerprinter(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"the audit fingerprint key must be {KeyBytes} bytes, not {key.Length}", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>
    /// Reads the key file of <paramref name="dataDirectory"/>, creating it (0600, 32 random bytes) when it is missing.
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a 32-byte key.</exception>
    public static ValueFingerprinter LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            SecureFile.WriteAllBytes(path, RandomNumberGenerator.GetBytes(KeyBytes));
        }

        var key = File.ReadAllBytes(path);
        try
        {
            return key.Length == KeyBytes
                ? new ValueFingerprinter(key)
                : throw new InvalidDataException($"the audit fingerprint key {path} holds {key.Length} bytes, expected {KeyBytes}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The fingerprint of <paramref name="value"/>'s bytes.</summary>
    public string Fingerprint(ReadOnlySpan<byte> value)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, value, mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>The fingerprint of <paramref name="value"/>'s UTF-8 bytes.</summary>
    public string Fingerprint(string value) => Fingerprint(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// The fingerprint of the bytes a base64 field (Secret <c>data</c>, ConfigMap <c>binaryData</c>) holds, so that a
    /// value written as <c>stringData</c> and read back as <c>data</c> gets the same fingerprint; the text itself when it
    /// is not base64.
    /// </summary>
    public string FingerprintBase64(string value)
    {
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        try
        {
            return Convert.TryFromBase64String(value, buffer, out var written)
                ? Fingerprint(buffer.AsSpan(0, written))
                : Fingerprint(value);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
