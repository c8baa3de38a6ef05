using System.Security.Cryptography;

namespace AtRest.KmsPlugin.Backends;

/// <summary>Key-encryption keys from a local <see cref="KeyFile"/>, AES-256-GCM in process.</summary>
internal sealed class FileKeyBackend(string path) : IKeyBackend
{
    private volatile Keys? _keys;
    private volatile BackendStatus _status = BackendStatus.Unhealthy("not loaded yet");
    private (DateTime Written, long Length) _seen;

    public string Kind => "file";

    public BackendStatus Status => _status;

    public void Refresh()
    {
        try
        {
            var info = new FileInfo(path);
            var seen = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
            if (_keys is not null && seen == _seen)
            {
                return;
            }

            var list = KeyFile.Read(path);
            _keys = new Keys(list.ToDictionary(k => k.Id, k => k.Key, StringComparer.Ordinal), list[^1].Id);
            _seen = seen;
            _status = new BackendStatus(list[^1].Id, "ok");
        }
        catch (KeyBackendException e)
        {
            // Keep serving the keys already loaded; Status tells the API server what is wrong.
            _status = _keys is null ? BackendStatus.Unhealthy(e.Message) : _status with { Healthz = e.Message };
        }
    }

    public (byte[] Ciphertext, string KeyId) Encrypt(ReadOnlySpan<byte> plaintext)
    {
        var keys = _keys ?? throw new KeyBackendException(_status.Healthz);
        var header = KeyEnvelope.Header(keys.Current);
        var output = new byte[header.Length + KeyEnvelope.NonceSize + plaintext.Length + KeyEnvelope.TagSize];
        header.CopyTo(output, 0);
        var nonce = output.AsSpan(header.Length, KeyEnvelope.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(keys.ById[keys.Current], KeyEnvelope.TagSize);
        var sealedPart = output.AsSpan(header.Length + KeyEnvelope.NonceSize);
        gcm.Encrypt(nonce, plaintext, sealedPart[..plaintext.Length], sealedPart[plaintext.Length..], header);
        return (output, keys.Current);
    }

    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext)
    {
        var keys = _keys ?? throw new KeyBackendException(_status.Healthz);
        var (keyId, headerLength) = KeyEnvelope.Parse(ciphertext);
        if (!keys.ById.TryGetValue(keyId, out var key))
        {
            throw new KeyBackendException($"key {keyId} is not in the key file");
        }

        var nonce = ciphertext.Slice(headerLength, KeyEnvelope.NonceSize);
        var sealedPart = ciphertext[(headerLength + KeyEnvelope.NonceSize)..];
        var plaintext = new byte[sealedPart.Length - KeyEnvelope.TagSize];
        using var gcm = new AesGcm(key, KeyEnvelope.TagSize);
        try
        {
            gcm.Decrypt(nonce, sealedPart[..plaintext.Length], sealedPart[plaintext.Length..], plaintext, ciphertext[..headerLength]);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new KeyBackendException($"ciphertext for key {keyId} failed authentication", e);
        }

        return plaintext;
    }

    public void Dispose()
    {
        if (_keys is { } keys)
        {
            foreach (var key in keys.ById.Values)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private sealed record Keys(Dictionary<string, byte[]> ById, string Current)
    {
        public override string ToString() => $"Keys({ById.Count}, current {Current}, REDACTED)";
    }
}
