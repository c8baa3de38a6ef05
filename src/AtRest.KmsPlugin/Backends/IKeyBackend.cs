namespace AtRest.KmsPlugin.Backends;

/// <summary>Where the plugin's key-encryption keys live. Keys never leave the backend; only ciphertexts do.</summary>
internal interface IKeyBackend : IDisposable
{
    /// <summary>"file" or "pkcs11".</summary>
    string Kind { get; }

    /// <summary>The key new ciphertexts are made with, and the state of the backend, as last refreshed.</summary>
    BackendStatus Status { get; }

    /// <summary>Re-reads the key list (a rotation by <c>atrest kms-plugin rotate</c> shows up here).</summary>
    void Refresh();

    /// <summary>Encrypts with the current key; the envelope names that key (<see cref="KeyEnvelope"/>).</summary>
    (byte[] Ciphertext, string KeyId) Encrypt(ReadOnlySpan<byte> plaintext);

    /// <summary>Decrypts an envelope made by <see cref="Encrypt"/> with whichever key it names.</summary>
    /// <exception cref="KeyBackendException">Malformed envelope, unknown key, or authentication failure.</exception>
    byte[] Decrypt(ReadOnlySpan<byte> ciphertext);
}
