using System.Buffers.Binary;
using System.Security.Cryptography;
using AtRest.Encryption.Kms.Api.V1Beta1;
using AtRest.Encryption.Transformers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace AtRest.Encryption.Kms;

/// <summary>
/// A <c>kms</c> provider with <c>apiVersion: v1</c> (deprecated; spec §3.4), kept so data can be read and migrated off it.
/// Writes the layout kube-apiserver 1.10 to 1.24 writes and every version since still reads (1.25+ read it as stale):
/// <code>
/// uint16-BE(len(encDEK)) ‖ encDEK ‖ IV(16) ‖ AES-256-CBC(DEK, IV, plaintext ‖ PKCS#7 pad)
/// </code>
/// Reads also take 1.25+'s GCM payload (<c>nonce(12) ‖ AES-256-GCM(DEK, AAD = storage key) ‖ tag(16)</c>), as stale
/// so that it is rewritten in the layout above. GCM is tried first: its tag rules out the 1-in-256 false padding
/// match a wrong CBC read can have. A fresh DEK per write, encrypted by the plugin (one RPC per write, as upstream).
/// Decrypted DEKs are cached (<c>cachesize</c>).
/// </summary>
/// <remarks>
/// Not 1.25+'s GCM writes: kube-apiserver 1.20 to 1.24 on the same etcd could not read them (the interop suite
/// runs a real v1.20.2), while the CBC layout is read by every version, and v1 only exists to migrate data off.
/// </remarks>
internal sealed class KmsV1Provider : StorageTransformer, IKmsProviderHealth, IAsyncDisposable
{
    private const string Version = "v1beta1";
    private const int DekSize = 32;

    private readonly TimeSpan _timeout;
    private readonly KmsRuntimeOptions _options;
    private readonly INonceSource _nonces;
    private readonly GrpcChannel _channel;
    private readonly KeyManagementService.KeyManagementServiceClient _client;
    private readonly KmsV1DekCache _cache;
    private volatile bool _versionChecked;
    private (DateTimeOffset At, string? Error)? _health;

    public KmsV1Provider(string name, string endpoint, TimeSpan timeout, int cacheSize, KmsRuntimeOptions options, INonceSource nonces)
    {
        Name = name;
        _timeout = timeout;
        _options = options;
        _nonces = nonces;
        _channel = KmsChannel.Open(endpoint);
        _client = new KeyManagementService.KeyManagementServiceClient(_channel);
        _cache = new KmsV1DekCache(cacheSize, options.TimeProvider);
    }

    public string Name { get; }

    public string ApiVersion => "v1";

    public override bool ReadsSynchronously => false;

    public override bool WritesSynchronously => false;

    public override int GetStorageSize(int plaintextLength) => throw new NotSupportedException("KMS v1 writes through WriteAsync");

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination) =>
        throw new NotSupportedException("KMS v1 writes through WriteAsync");

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData) =>
        throw new NotSupportedException("KMS v1 reads through ReadAsync");

    public override async ValueTask<byte[]> WriteAsync(
        ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> authenticatedData, int reserve, CancellationToken cancellationToken)
    {
        var dek = GC.AllocateArray<byte>(DekSize, pinned: true);
        RandomNumberGenerator.Fill(dek);
        byte[] encrypted;
        try
        {
            encrypted = await EncryptAsync(dek, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            CryptographicOperations.ZeroMemory(dek);
            throw new EncryptionTransformException(KmsCall.Describe(e), e) { GrpcStatus = e.StatusCode.ToString() };
        }

        if (encrypted.Length > ushort.MaxValue)
        {
            throw new EncryptionTransformException($"the encrypted DEK from KMS provider {Name} is {encrypted.Length} bytes, more than a uint16 length prefix can hold");
        }

        byte[] output;
        using (var cbc = new AesCbcTransformer(new SecretKey(dek), _nonces))
        {
            var sealedLength = cbc.GetStorageSize(plaintext.Length);
            output = GC.AllocateUninitializedArray<byte>(checked(reserve + 2 + encrypted.Length + sealedLength));
            var span = output.AsSpan(reserve);
            BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)encrypted.Length);
            encrypted.CopyTo(span[2..]);
            cbc.Write(plaintext.Span, authenticatedData.Span, new ArraySegment<byte>(output, reserve + 2 + encrypted.Length, sealedLength));
        }

        _cache.Add(Convert.ToBase64String(encrypted), dek);
        return output;
    }

    public override async ValueTask<ReadOutcome> ReadAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken)
    {
        if (data.Length < 2 || data.Length < 2 + BinaryPrimitives.ReadUInt16BigEndian(data.Span))
        {
            return ReadOutcome.Failure(new TransformError("invalid data encountered by envelope transformer: failed to read uint16 length prefixed data"));
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(data.Span);
        var encrypted = data.Slice(2, length);
        var payload = data[(2 + length)..];
        var cacheKey = Convert.ToBase64String(encrypted.Span);
        var dek = _cache.TryGet(cacheKey);
        if (dek is null)
        {
            if (_cache.Enabled)
            {
                KmsMetrics.CacheMisses.Add(1);
            }

            try
            {
                dek = await DecryptAsync(encrypted, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                return ReadOutcome.Failure(new TransformError(KmsCall.Describe(e), e.StatusCode.ToString()));
            }

            if (dek.Length is not (16 or 24 or 32))
            {
                return ReadOutcome.Failure(new TransformError($"crypto/aes: invalid key size {dek.Length}"));
            }

            _cache.Add(cacheKey, dek);
        }

        using (var gcm = new AesGcm(dek, AesGcmTransformer.TagSize))
        {
            var outcome = AesGcmTransformer.Open(gcm, payload.Span, authenticatedData.Span);
            if (outcome.Error is null)
            {
                // Written by kube-apiserver 1.25+: readable, but stale so that it is rewritten in the CBC layout.
                return ReadOutcome.Success(outcome.Data, stale: true);
            }
        }

        using var cbc = new AesCbcTransformer(new SecretKey(dek));
        return cbc.Read(payload, authenticatedData.Span);
    }

    public async ValueTask<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var now = _options.TimeProvider.GetUtcNow();
        if (_health is { } last && now < last.At + (last.Error is null ? _options.HealthyCheckCacheTtl : _options.UnhealthyCheckCacheTtl))
        {
            return last.Error;
        }

        string? error = null;
        byte[]? cipher = null;
        try
        {
            cipher = await EncryptAsync("ping"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            error = $"failed to perform encrypt section of the healthz check for KMS Provider {Name}, error: {KmsCall.Describe(e)}";
        }

        if (cipher is not null)
        {
            try
            {
                await DecryptAsync(cipher, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                error = $"failed to perform decrypt section of the healthz check for KMS Provider {Name}, error: {KmsCall.Describe(e)}";
            }
        }

        _health = (now, error);
        return error;
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        _cache.Clear();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"kms-v1({Name})";

    private async Task<byte[]> EncryptAsync(byte[] plain, CancellationToken cancellationToken)
    {
        await EnsureVersionAsync(cancellationToken).ConfigureAwait(false);
        var response = await KmsCall.RunAsync(Name, "/v1beta1.KeyManagementService/Encrypt", _timeout, cancellationToken,
            o => _client.EncryptAsync(new EncryptRequest { Version = Version, Plain = ByteString.CopyFrom(plain) }, o)).ConfigureAwait(false);
        return response.Cipher.ToByteArray();
    }

    private async Task<byte[]> DecryptAsync(ReadOnlyMemory<byte> cipher, CancellationToken cancellationToken)
    {
        await EnsureVersionAsync(cancellationToken).ConfigureAwait(false);
        var response = await KmsCall.RunAsync(Name, "/v1beta1.KeyManagementService/Decrypt", _timeout, cancellationToken,
            o => _client.DecryptAsync(new DecryptRequest { Version = Version, Cipher = ByteString.CopyFrom(cipher.Span) }, o)).ConfigureAwait(false);
        var dek = GC.AllocateArray<byte>(response.Plain.Length, pinned: true);
        response.Plain.Span.CopyTo(dek);
        return dek;
    }

    private async Task EnsureVersionAsync(CancellationToken cancellationToken)
    {
        if (_versionChecked)
        {
            return;
        }

        var response = await KmsCall.RunAsync(Name, "/v1beta1.KeyManagementService/Version", _timeout, cancellationToken,
            o => _client.VersionAsync(new VersionRequest { Version = Version }, o)).ConfigureAwait(false);
        if (response.Version != Version)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"KMS provider api version {response.Version} is not supported, only {Version} is supported now"));
        }

        _versionChecked = true;
    }
}
