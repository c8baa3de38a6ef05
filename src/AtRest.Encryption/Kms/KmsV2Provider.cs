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
/// A read of this process's own write is recognised by its encoded tail (no parse); the per-value key comes from
/// <see cref="KmsV2DerivedKeyCache"/> or one HKDF-Expand, and AES-GCM runs without a cipher object
/// (<see cref="OneShotAesGcm"/>).
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
    private readonly KmsV2DerivedKeyCache _derivedKeys = new();
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
        // Tests inject fixed bytes; the OS CSPRNG is read a block at a time (see BufferedNonceSource).
        _nonces = nonces is SystemNonceSource ? BufferedNonceSource.Instance : nonces;
        _channel = KmsChannel.Open(endpoint);
        _client = new KeyManagementService.KeyManagementServiceClient(_channel);
        _cache = new KmsV2DekSourceCache(name, options.TimeProvider, options.DekSourceCacheTtl);
        _poller = Task.Run(() => PollAsync(_stop.Token));
    }

    public string Name { get; }

    public string ApiVersion => "v2";

    public override bool ReadsSynchronously => false;

    public override bool WritesSynchronously => false;

    /// <summary>Per-value keys held by the derived-key cache.</summary>
    public int DerivedKeyCount => _derivedKeys.Count;

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

        // Field 1 is encoded here; the rest of the EncryptedObject is the state's precomputed tail. Info and nonce are
        // adjacent, so one fill draws both.
        var payloadLength = checked(HkdfExtendedNonceGcm.HeaderSize + plaintext.Length + AesGcmTransformer.TagSize);
        var headerLength = 1 + CodedOutputStream.ComputeLengthSize(payloadLength);
        var output = GC.AllocateUninitializedArray<byte>(checked(reserve + headerLength + payloadLength + state.Tail.Length));
        var span = output.AsSpan(reserve);
        span[0] = 0x0A;
        WriteVarint(span[1..headerLength], (uint)payloadLength);
        var payload = span.Slice(headerLength, payloadLength);
        _nonces.Fill(payload[..HkdfExtendedNonceGcm.HeaderSize]);
        var info = payload[..HkdfExtendedNonceGcm.InfoSize];
        var key = default(Aes256Key);
        state.Source.Kdf!.Expand(info, key);
        HkdfExtendedNonceGcm.Seal(key, payload, plaintext.Span, authenticatedData.Span, OneShotAesGcm.Preferred);
        // Not cached: a burst of creates would flush the keys of the objects being read, and the first read of this
        // value pays one HKDF-Expand (two SHA-256 compressions), less than the insert would cost every write.
        ((Span<byte>)key).Clear();
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

        if (state.TryMatchOwn(data, out var payload))
        {
            return ValueTask.FromResult(OpenSeeded(state.Source, payload.Span, authenticatedData.Span, state.KeyIdHash, stale: false));
        }

        var obj = EncryptedObjectView.Parse(data, out var parseError);
        if (parseError is not null)
        {
            return ValueTask.FromResult(ReadOutcome.Failure(new TransformError("failed to unmarshal encrypted object: " + parseError)));
        }

        if (KmsV2Validation.EncryptedObject(obj) is { } invalid)
        {
            return ValueTask.FromResult(ReadOutcome.Failure(new TransformError(invalid)));
        }

        if (state.Wrote(obj))
        {
            return ValueTask.FromResult(Open(state, obj, state.Source, authenticatedData.Span));
        }

        var identity = _cache.Identify(obj);
        var cached = _cache.TryGet(identity.CacheKey);
        return cached is not null
            ? ValueTask.FromResult(Open(state, obj, cached, authenticatedData.Span, identity.KeyIdHash))
            : ReadAfterDecryptAsync(state, obj, identity, authenticatedData, cancellationToken);
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
        _derivedKeys.Dispose();
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
        var state = new KmsV2WriteState(new KmsV2DekSource(seed, EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed), template,
            _options.TimeProvider.GetUtcNow() + _options.WriteDekSourceMaxTtl);
        // Reads of this process's own writes need no Decrypt call.
        _cache.Add(state.CacheKey, state.Source);
        Volatile.Write(ref _state, state);
        return null;
    }

    private async ValueTask<ReadOutcome> ReadAfterDecryptAsync(
        KmsV2WriteState state, EncryptedObjectView obj, KmsV2DekSourceIdentity identity, ReadOnlyMemory<byte> authenticatedData,
        CancellationToken cancellationToken)
    {
        KmsV2DekSource source;
        try
        {
            source = await _cache.GetOrFetchAsync(identity.CacheKey, () => DecryptDekSourceAsync(obj, cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            return ReadOutcome.Failure(new TransformError($"failed to decrypt DEK, error: {KmsCall.Describe(e)}", e.StatusCode.ToString()));
        }

        return Open(state, obj, source, authenticatedData.Span, identity.KeyIdHash);
    }

    private async Task<KmsV2DekSource> DecryptDekSourceAsync(EncryptedObjectView obj, CancellationToken cancellationToken)
    {
        var request = new DecryptRequest
        {
            Ciphertext = ByteString.CopyFrom(obj.EncryptedDekSource.Span),
            KeyId = obj.KeyId,
            Uid = Guid.NewGuid().ToString(),
        };
        obj.CopyAnnotationsTo(request.Annotations);
        var response = await KmsCall.RunAsync(Name, DecryptMethod, _timeout, cancellationToken, o => _client.DecryptAsync(request, o))
            .ConfigureAwait(false);
        var plaintext = GC.AllocateArray<byte>(response.Plaintext.Length, pinned: true);
        response.Plaintext.Span.CopyTo(plaintext);
        return new KmsV2DekSource(plaintext, obj.DekSourceType);
    }

    /// <summary>
    /// Opens a parsed value; it is stale unless it carries the current key id and the seed type. The key id hash for
    /// the metric is the state's for the current key id, otherwise <paramref name="keyIdHash"/> (or computed).
    /// </summary>
    private ReadOutcome Open(
        KmsV2WriteState state, in EncryptedObjectView obj, KmsV2DekSource source, ReadOnlySpan<byte> authenticatedData, string? keyIdHash = null)
    {
        var own = obj.KeyIdUtf8.Span.SequenceEqual(state.KeyIdUtf8);
        var hash = own ? state.KeyIdHash : keyIdHash ?? KmsMetrics.Hash(obj.KeyId);
        if (obj.DekSourceType == EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed)
        {
            return OpenSeeded(source, obj.EncryptedData.Span, authenticatedData, hash, stale: !own);
        }

        if (source.Plaintext.Length is not (16 or 24 or 32))
        {
            return ReadOutcome.Failure(new TransformError($"crypto/aes: invalid key size {source.Plaintext.Length}"));
        }

        ReadOutcome outcome;
        using (var gcm = new AesGcm(source.Plaintext, AesGcmTransformer.TagSize))
        {
            outcome = AesGcmTransformer.Open(gcm, obj.EncryptedData.Span, authenticatedData);
        }

        if (outcome.Error is not null)
        {
            return outcome;
        }

        RecordKeyId("from_storage", hash);
        return ReadOutcome.Success(outcome.Data, stale: true);
    }

    /// <summary>Opens <c>info ‖ nonce ‖ ct ‖ tag</c> under a seed, counting the read under <paramref name="keyIdHash"/>.</summary>
    private ReadOutcome OpenSeeded(KmsV2DekSource source, ReadOnlySpan<byte> data, ReadOnlySpan<byte> authenticatedData, string keyIdHash, bool stale)
    {
        if (source.Kdf is null)
        {
            return ReadOutcome.Failure(
                new TransformError($"failed to derive read key from KDF: invalid seed length {source.Plaintext.Length} used for key generation"));
        }

        if (data.Length < HkdfExtendedNonceGcm.InfoSize)
        {
            return ReadOutcome.Failure(TransformError.ShorterThanRequired);
        }

        var info = data[..HkdfExtendedNonceGcm.InfoSize];
        var cached = _derivedKeys.TryGet(source.Id, info, out var key);
        if (!cached)
        {
            source.Kdf.Expand(info, key);
        }

        var outcome = HkdfExtendedNonceGcm.Open(key, data, authenticatedData, OneShotAesGcm.Preferred);
        if (!cached && outcome.Error is null)
        {
            // Only keys that opened a value are kept: garbage infos cannot flush the cache.
            _derivedKeys.Add(source.Id, info, key);
        }

        ((Span<byte>)key).Clear();
        if (outcome.Error is not null)
        {
            return outcome;
        }

        RecordKeyId("from_storage", keyIdHash);
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
