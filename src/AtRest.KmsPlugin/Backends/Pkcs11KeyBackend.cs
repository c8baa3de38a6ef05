using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace AtRest.KmsPlugin.Backends;

/// <summary>
/// Key-encryption keys on a PKCS#11 token (SoftHSM2 in the tests): AES-256 keys generated on the token as
/// sensitive, non-extractable objects labelled <c>atrest-kms-&lt;id&gt;</c>; the highest id is current. Every
/// encryption runs on the token with <c>CKM_AES_GCM</c>, so the key never leaves it.
/// </summary>
/// <remarks>One logged-in session is kept for the token's login state; each operation opens its own short session,
/// because a PKCS#11 session must not be used by two threads at once.</remarks>
internal sealed class Pkcs11KeyBackend : IKeyBackend
{
    private readonly Pkcs11InteropFactories _factories = new();
    private readonly IPkcs11Library _library;
    private readonly ISlot _slot;
    private readonly ISession _loginSession;
    private volatile Dictionary<string, ulong>? _handles;
    private volatile BackendStatus _status = BackendStatus.Unhealthy("not loaded yet");

    public Pkcs11KeyBackend(Pkcs11Settings settings)
    {
        Pkcs11NativeLoader.EnsureInstalled();
        try
        {
            _library = _factories.Pkcs11LibraryFactory.LoadPkcs11Library(_factories, settings.Module, AppType.MultiThreaded);
        }
        catch (Exception e) when (e is Pkcs11Exception or UnmanagedException or DllNotFoundException)
        {
            throw new KeyBackendException($"cannot load PKCS#11 module {settings.Module}: {e.Message}", e);
        }

        try
        {
            _slot = _library.GetSlotList(SlotsType.WithTokenPresent)
                .FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == settings.TokenLabel)
                ?? throw new KeyBackendException($"no PKCS#11 token labelled {settings.TokenLabel} in {settings.Module}");
            _loginSession = _slot.OpenSession(SessionType.ReadWrite);
            var pin = ReadPin(settings.PinFile);
            try
            {
                _loginSession.Login(CKU.CKU_USER, pin);
            }
            catch (Pkcs11Exception e) when (e.RV != CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                throw new KeyBackendException($"login to token {settings.TokenLabel} failed: {e.RV}", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pin);
            }
        }
        catch
        {
            _library.Dispose();
            throw;
        }
    }

    public string Kind => "pkcs11";

    public BackendStatus Status => _status;

    public void Refresh()
    {
        try
        {
            using var session = _slot.OpenSession(SessionType.ReadOnly);
            var found = session.FindAllObjects([_factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY)]);
            var handles = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (var handle in found)
            {
                var label = session.GetAttributeValue(handle, [CKA.CKA_LABEL])[0].GetValueAsString();
                if (label.StartsWith(Pkcs11Settings.LabelPrefix, StringComparison.Ordinal))
                {
                    handles[label[Pkcs11Settings.LabelPrefix.Length..]] = handle.ObjectId;
                }
            }

            if (handles.Count == 0)
            {
                _status = BackendStatus.Unhealthy("the token holds no atrest-kms-<id> key; create one with: atrest kms-plugin rotate --backend pkcs11 …");
                return;
            }

            _handles = handles;
            _status = new BackendStatus(handles.Keys.MaxBy(Number)!, "ok");
        }
        catch (Pkcs11Exception e)
        {
            _status = _status with { Healthz = $"PKCS#11 token error: {e.RV}" };
        }
    }

    public (byte[] Ciphertext, string KeyId) Encrypt(ReadOnlySpan<byte> plaintext)
    {
        var (keyId, handle) = Current();
        var header = KeyEnvelope.Header(keyId);
        var nonce = RandomNumberGenerator.GetBytes(KeyEnvelope.NonceSize);
        byte[] sealedPart;
        try
        {
            using var session = _slot.OpenSession(SessionType.ReadOnly);
            using var parameters = _factories.MechanismParamsFactory.CreateCkGcmParams(nonce, KeyEnvelope.NonceSize * 8, header, KeyEnvelope.TagSize * 8);
            var mechanism = _factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
            sealedPart = session.Encrypt(mechanism, Handle(handle), plaintext.ToArray());
        }
        catch (Pkcs11Exception e)
        {
            throw new KeyBackendException($"PKCS#11 encryption with key {keyId} failed: {e.RV}", e);
        }

        return ([.. header, .. nonce, .. sealedPart], keyId);
    }

    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext)
    {
        var (keyId, headerLength) = KeyEnvelope.Parse(ciphertext);
        var handles = _handles ?? throw new KeyBackendException(_status.Healthz);
        if (!handles.TryGetValue(keyId, out var handle))
        {
            Refresh();
            handles = _handles!;
            if (!handles.TryGetValue(keyId, out handle))
            {
                throw new KeyBackendException($"key atrest-kms-{keyId} is not on the token");
            }
        }

        try
        {
            using var session = _slot.OpenSession(SessionType.ReadOnly);
            using var parameters = _factories.MechanismParamsFactory.CreateCkGcmParams(
                ciphertext.Slice(headerLength, KeyEnvelope.NonceSize).ToArray(), KeyEnvelope.NonceSize * 8,
                ciphertext[..headerLength].ToArray(), KeyEnvelope.TagSize * 8);
            var mechanism = _factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
            return session.Decrypt(mechanism, Handle(handle), ciphertext[(headerLength + KeyEnvelope.NonceSize)..].ToArray());
        }
        catch (Pkcs11Exception e)
        {
            throw new KeyBackendException($"PKCS#11 decryption with key {keyId} failed: {e.RV}", e);
        }
    }

    /// <summary>Generates the next key on the token (id = highest + 1, never reused) and returns its id.</summary>
    public string Rotate()
    {
        Refresh();
        var next = (_handles is { Count: > 0 } handles ? handles.Keys.Max(Number) : 0) + 1;
        var id = next.ToString(CultureInfo.InvariantCulture);
        var attributes = _factories.ObjectAttributeFactory;
        using var session = _slot.OpenSession(SessionType.ReadWrite);
        session.GenerateKey(_factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN),
        [
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            attributes.Create(CKA.CKA_VALUE_LEN, 32),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, true),
            attributes.Create(CKA.CKA_SENSITIVE, true),
            attributes.Create(CKA.CKA_EXTRACTABLE, false),
            attributes.Create(CKA.CKA_ENCRYPT, true),
            attributes.Create(CKA.CKA_DECRYPT, true),
            attributes.Create(CKA.CKA_LABEL, Pkcs11Settings.LabelPrefix + id),
            attributes.Create(CKA.CKA_ID, Encoding.ASCII.GetBytes(id)),
        ]);
        Refresh();
        return id;
    }

    public void Dispose()
    {
        try
        {
            _loginSession.Logout();
        }
        catch (Pkcs11Exception)
        {
            // Already logged out (token removed): nothing to undo.
        }

        _loginSession.Dispose();
        _library.Dispose();
    }

    public override string ToString() => "pkcs11 key backend";

    private (string KeyId, ulong Handle) Current()
    {
        var handles = _handles ?? throw new KeyBackendException(_status.Healthz);
        var keyId = _status.KeyId;
        return handles.TryGetValue(keyId, out var handle) ? (keyId, handle) : throw new KeyBackendException($"current key {keyId} is not on the token");
    }

    private IObjectHandle Handle(ulong id) => _factories.ObjectHandleFactory.Create(id);

    private static long Number(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static byte[] ReadPin(string pinFile)
    {
        try
        {
            return Encoding.UTF8.GetBytes(File.ReadAllText(pinFile).TrimEnd('\r', '\n'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyBackendException($"cannot read the PIN file {pinFile}: {e.Message}", e);
        }
    }
}
