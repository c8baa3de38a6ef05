using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AtRest.Encryption.Configuration.Validation;
using AtRest.Encryption.Kms.Api.V2;
using AtRest.Encryption.Kms.Stored;
using AtRest.Encryption.Transformers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace AtRest.Encryption.Kms;

/// <summary>
/// A <c>kms</c> provider with <c>apiVersion: v2</c> (spec §3.5). The value after <c>k8s:enc:kms:v2:&lt;name&gt;:</c> is an
/// EncryptedObject whose <c>encryptedData</c> is, for the seed type written here:
/// <code>
/// info(32, random per write) ‖ nonce(12, random) ‖ AES-256-GCM(HKDF-Expand(SHA-256, seed, info, 32), AAD = storage key)
/// </code>
/// One seed per key id, made by the first successful Status and encrypted once by the plugin; writes never call the
/// plugin. Reads call it once per unseen seed/DEK (<see cref="KmsV2DekSourceCache"/>) and otherwise run synchronously.
/// </summary>
internal sealed class KmsV2Provider : StorageTransformer, IKmsProviderHealth, IAsyncDisposable
{
    private const string StatusMethod = "/v2.KeyManagementService/Status";
    private const string EncryptMethod = "/v2.KeyManagementService/Encrypt";
    private const string DecryptMethod = "/v2.KeyManagementService/Decrypt";
    private const int SeedSize = 32;

    private readonly TimeSpan _timeout;
    private readonly KmsRuntimeOptions _options;
    private readonly INonceSource _nonces;
    private readonly GrpcChannel _channel;
    private readonly KeyManagementService.KeyManagementServiceClient _client;
    private readonly KmsV2DekSourceCache _cache;
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;
    private readonly TaskCompletionSource _firstPollDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KmsV2WriteState? _state;
    private string? _firstVersion;
    private HealthAnswer? _health;

    public KmsV2Provider(string name, string endpoint, TimeSpan timeout, KmsRuntimeOptions options, INonceSource nonces)
    {
        Name = name;
        _timeout = timeout;
        _options = options;
        _nonces = nonces;
        _channel = KmsChannel.Open(endpoint);
        _client = new KeyManagementService.KeyManagementServiceClient(_channel);
        _cache = new KmsV2DekSourceCache(name, options.TimeProvider, options.DekSourceCacheTtl);
        _poller = Task.Run(() => PollAsync(_stop.Token));
    }

    public string Name { get; }

    public string ApiVersion => "v2";

    public override bool ReadsSynchronously => false;

    public override bool WritesSynchronously => false;

    /// <summary>The key id new values are written with; null before the first successful Status.</summary>
    public string? CurrentKeyId => Volatile.Read(ref _state)?.KeyId;

    public override int GetStorageSize(int plaintextLength) =>
        throw new NotSupportedException("KMS v2 sizes depend on the current key id; use WriteAsync");

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination) =>
        throw new NotSupportedException("KMS v2 writes through WriteAsync");

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData) =>
        throw new NotSupportedException("KMS v2 reads through ReadAsync");

    public override ValueTask<byte[]> WriteAsync(
        ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> authenticatedData, int reserve, CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state)
            ?? throw new EncryptionTransformException($"kmsv2 provider {Name} has no write key yet: no successful Status and Encrypt from its plugin since start");
        var now = _options.TimeProvider.GetUtcNow();
        var expires = state.ExpiresAt;
        if (now > expires)
        {
            throw new EncryptionTransformException(
                $"encryptedDEKSource with keyID hash {GoFormat.Quote(state.KeyIdHash)} expired at {Rfc3339(expires)} (current time is {Rfc3339(now)})");
        }

        // Field 1 is encoded here; the rest of the EncryptedObject is the state's precomputed tail.
        var payloadLength = checked(HkdfExtendedNonceGcm.InfoSize + AesGcmTransformer.NonceSize + plaintext.Length + AesGcmTransformer.TagSize);
        var headerLength = 1 + CodedOutputStream.ComputeLengthSize(payloadLength);
        var output = GC.AllocateUninitializedArray<byte>(checked(reserve + headerLength + payloadLength + state.Tail.Length));
        var span = output.AsSpan(reserve);
        span[0] = 0x0A;
        WriteVarint(span[1..headerLength], (uint)payloadLength);
        var payload = span.Slice(headerLength, payloadLength);
        var info = payload[..HkdfExtendedNonceGcm.InfoSize];
        var nonce = payload.Slice(HkdfExtendedNonceGcm.InfoSize, AesGcmTransformer.NonceSize);
        _nonces.Fill(info);
        _nonces.Fill(nonce);
        Span<byte> key = stackalloc byte[HkdfExtendedNonceGcm.DerivedKeySize];
        HKDF.Expand(HashAlgorithmName.SHA256, state.Seed, key, info);
        try
        {
            using var gcm = new AesGcm(key, AesGcmTransformer.TagSize);
            var sealedStart = HkdfExtendedNonceGcm.InfoSize + AesGcmTransformer.NonceSize;
            gcm.Encrypt(nonce, plaintext.Span, payload.Slice(sealedStart, plaintext.Length), payload[(sealedStart + plaintext.Length)..],
                authenticatedData.Span);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        state.Tail.CopyTo(span[(headerLength + payloadLength)..]);
        RecordKeyId("to_storage", state.KeyIdHash);
        return ValueTask.FromResult(output);
    }

    public override ValueTask<ReadOutcome> ReadAsync(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state);
        if (state is null)
        {
            return ValueTask.FromResult(ReadOutcome.Failure(new TransformError("got unexpected nil transformer")));
        }

        EncryptedObject obj;
        try
        {
            obj = EncryptedObject.Parser.ParseFrom(data.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            return ValueTask.FromResult(ReadOutcome.Failure(new TransformError("failed to unmarshal encrypted object: " + e.Message)));
        }

        if (KmsV2Validation.EncryptedObject(obj) is { } invalid)
        {
            return ValueTask.FromResult(ReadOutcome.Failure(new TransformError(invalid)));
        }

        if (state.Wrote(obj))
        {
            return ValueTask.FromResult(Open(state, obj, state.Seed, authenticatedData.Span));
        }

        var cacheKey = KmsV2DekSourceCache.KeyOf(obj);
        var cached = _cache.TryGet(cacheKey);
        return cached is not null
            ? ValueTask.FromResult(Open(state, obj, cached, authenticatedData.Span))
            : ReadAfterDecryptAsync(state, obj, cacheKey, authenticatedData, cancellationToken);
    }

    public async ValueTask<string?> CheckAsync(CancellationToken cancellationToken)
    {
        // A health answer never predates the poller's own first Status: otherwise a check could report healthy while
        // that first Status, still in flight, later moves the write expiry.
        await _firstPollDone.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var now = _options.TimeProvider.GetUtcNow();
        var last = Volatile.Read(ref _health);
        if (last is not null && now < last.At + (last.Error is null ? _options.HealthyCheckCacheTtl : _options.UnhealthyCheckCacheTtl))
        {
            return last.Error;
        }

        return await ProbeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Status, then: a valid key id extends the write expiry, or (when it changed) makes a new seed; any failure is
    /// reported as upstream's <c>kmsv2 Provider &lt;name&gt; is not healthy</c>. Null when healthy.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await _probeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var error = await ProbeOnceAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _health, new HealthAnswer(_options.TimeProvider.GetUtcNow(), error));
            return error;
        }
        finally
        {
            _probeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _poller.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _channel.Dispose();
        _cache.Clear();
        _stop.Dispose();
    }

    public override string ToString() => $"kms-v2({Name})";

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                string? error;
                try
                {
                    error = await ProbeAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error = e.Message;
                }

                _firstPollDone.TrySetResult();
                var delay = error is null ? _options.StatusPollInterval : _options.UnhealthyPollInterval;
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _firstPollDone.TrySetResult();
        }
    }

    private async Task<string?> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        StatusResponse status;
        try
        {
            status = await KmsCall.RunAsync(Name, StatusMethod, _timeout, cancellationToken, o => _client.StatusAsync(new StatusRequest(), o))
                .ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            return $"failed to perform status section of the healthz check for KMS Provider {Name}, error: {KmsCall.Describe(e)}";
        }

        // Upstream's order: healthz, version, then the key id (whose step extends or rotates the write seed even when
        // the first two failed).
        var errors = new List<string>();
        if (status.Healthz != "ok")
        {
            errors.Add($"got unexpected healthz status: {status.Healthz}");
        }

        if (status.Version is not ("v2" or "v2beta1"))
        {
            errors.Add($"expected KMSv2 API version v2, got {status.Version}");
        }
        else
        {
            var first = Interlocked.CompareExchange(ref _firstVersion, status.Version, null) ?? status.Version;
            if (first != status.Version)
            {
                errors.Add($"KMSv2 API version should not change after the initial status response version {first}, got {status.Version}");
            }
        }

        if (KmsV2Validation.KeyId(status.KeyId) is { } keyIdError)
        {
            KmsMetrics.InvalidKeyIdFromStatus.Add(1, new("provider_name", Name), new("error", status.KeyId.Length == 0 ? "empty" : "too_long"));
            errors.Add($"got invalid KMSv2 KeyID hash {GoFormat.Quote(KmsMetrics.Hash(status.KeyId))}: {keyIdError}");
        }
        else
        {
            KmsMetrics.KeyIdHashStatus.Add(1, new("provider_name", Name), new("key_id_hash", KmsMetrics.Hash(status.KeyId)));
            var state = Volatile.Read(ref _state);
            if (state is not null && state.KeyId == status.KeyId)
            {
                state.ExpiresAt = _options.TimeProvider.GetUtcNow() + _options.WriteDekSourceMaxTtl;
            }
            else if (await RotateAsync(status.KeyId, cancellationToken).ConfigureAwait(false) is { } rotationError)
            {
                errors.Add(rotationError);
            }
        }

        return errors.Count == 0 ? null : $"kmsv2 Provider {Name} is not healthy, error: {GoErrors.JoinAggregate(errors)}";
    }

    private async Task<string?> RotateAsync(string statusKeyId, CancellationToken cancellationToken)
    {
        var seed = GC.AllocateArray<byte>(SeedSize, pinned: true);
        var started = Stopwatch.GetTimestamp();
        try
        {
            RandomNumberGenerator.Fill(seed);
        }
        catch (CryptographicException)
        {
            KmsMetrics.DataKeyGenerationFailures.Add(1);
            throw;
        }

        KmsMetrics.DataKeyGeneration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        EncryptResponse response;
        try
        {
            response = await KmsCall.RunAsync(Name, EncryptMethod, _timeout, cancellationToken,
                o => _client.EncryptAsync(new EncryptRequest { Plaintext = ByteString.CopyFrom(seed), Uid = Guid.NewGuid().ToString() }, o))
                .ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            CryptographicOperations.ZeroMemory(seed);
            return $"failed to rotate DEK for KMS provider {Name}: failed to encrypt DEK, error: {KmsCall.Describe(e)}";
        }

        var problem = response.KeyId != statusKeyId
            ? $"key id hash {GoFormat.Quote(KmsMetrics.Hash(response.KeyId))} of the Encrypt response differs from the Status key id hash {GoFormat.Quote(KmsMetrics.Hash(statusKeyId))}"
            : KmsV2Validation.DekSource(response.Ciphertext) ?? KmsV2Validation.Annotations(response.Annotations);
        if (problem is not null)
        {
            CryptographicOperations.ZeroMemory(seed);
            return $"failed to rotate DEK for KMS provider {Name}: {problem}";
        }

        var template = new EncryptedObject
        {
            KeyID = response.KeyId,
            EncryptedDEKSource = response.Ciphertext,
            EncryptedDEKSourceType = EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed,
        };
        template.Annotations.Add(response.Annotations);
        var state = new KmsV2WriteState(seed, template, _options.TimeProvider.GetUtcNow() + _options.WriteDekSourceMaxTtl);
        // Reads of this process's own writes need no Decrypt call.
        _cache.Add(state.CacheKey, seed);
        Volatile.Write(ref _state, state);
        return null;
    }

    private async ValueTask<ReadOutcome> ReadAfterDecryptAsync(
        KmsV2WriteState state, EncryptedObject obj, string cacheKey, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken)
    {
        byte[] plaintext;
        try
        {
            plaintext = await _cache.GetOrFetchAsync(cacheKey, () => DecryptDekSourceAsync(obj, cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            return ReadOutcome.Failure(new TransformError($"failed to decrypt DEK, error: {KmsCall.Describe(e)}", e.StatusCode.ToString()));
        }

        return Open(state, obj, plaintext, authenticatedData.Span);
    }

    private async Task<byte[]> DecryptDekSourceAsync(EncryptedObject obj, CancellationToken cancellationToken)
    {
        var request = new DecryptRequest { Ciphertext = obj.EncryptedDEKSource, KeyId = obj.KeyID, Uid = Guid.NewGuid().ToString() };
        request.Annotations.Add(obj.Annotations);
        var response = await KmsCall.RunAsync(Name, DecryptMethod, _timeout, cancellationToken, o => _client.DecryptAsync(request, o))
            .ConfigureAwait(false);
        var plaintext = GC.AllocateArray<byte>(response.Plaintext.Length, pinned: true);
        response.Plaintext.Span.CopyTo(plaintext);
        return plaintext;
    }

    private ReadOutcome Open(KmsV2WriteState state, EncryptedObject obj, byte[] dekSource, ReadOnlySpan<byte> authenticatedData)
    {
        ReadOutcome outcome;
        if (obj.EncryptedDEKSourceType == EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed)
        {
            if (dekSource.Length < HkdfExtendedNonceGcm.MinSeedSize)
            {
                return ReadOutcome.Failure(new TransformError($"failed to derive read key from KDF: invalid seed length {dekSource.Length} used for key generation"));
            }

            outcome = HkdfExtendedNonceGcm.Open(dekSource, obj.EncryptedData.Span, authenticatedData);
        }
        else
        {
            if (dekSource.Length is not (16 or 24 or 32))
            {
                return ReadOutcome.Failure(new TransformError($"crypto/aes: invalid key size {dekSource.Length}"));
            }

            using var gcm = new AesGcm(dekSource, AesGcmTransformer.TagSize);
            outcome = AesGcmTransformer.Open(gcm, obj.EncryptedData.Span, authenticatedData);
        }

        if (outcome.Error is not null)
        {
            return outcome;
        }

        RecordKeyId("from_storage", obj.KeyID == state.KeyId ? state.KeyIdHash : KmsMetrics.Hash(obj.KeyID));
        var stale = obj.KeyID != state.KeyId || obj.EncryptedDEKSourceType != EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed;
        return ReadOutcome.Success(outcome.Data, stale);
    }

    private void RecordKeyId(string type, string keyIdHash) =>
        KmsMetrics.KeyIdHash.Add(1, new("transformation_type", type), new("provider_name", Name), new("key_id_hash", keyIdHash));

    private static void WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i] = (byte)value;
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record HealthAnswer(DateTimeOffset At, string? Error);
}
