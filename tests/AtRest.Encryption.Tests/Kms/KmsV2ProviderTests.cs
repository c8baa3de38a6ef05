using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;
using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>The KMS v2 provider against the base64 plugin over a real unix socket: seeds, caching, rotation, expiry, timeouts.</summary>
[Trait("Category", "Integration")]
public sealed class KmsV2ProviderTests : IAsyncLifetime
{
    private static readonly byte[] StorageKey = "/registry/secrets/default/s1"u8.ToArray();
    private static readonly byte[] Plaintext = "k8s\0a secret value"u8.ToArray();
    private readonly ManualClock _clock = new();
    private Base64KmsPlugin _plugin = null!;

    private KmsRuntimeOptions Options => new()
    {
        HealthyCheckCacheTtl = TimeSpan.Zero,
        UnhealthyCheckCacheTtl = TimeSpan.Zero,
        StatusPollInterval = TimeSpan.FromHours(1),
        UnhealthyPollInterval = TimeSpan.FromMilliseconds(200),
        TimeProvider = _clock,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _plugin = await Base64KmsPlugin.StartAsync();

    public async ValueTask DisposeAsync() => await _plugin.DisposeAsync();

    [Fact]
    public async Task Writes_use_one_seed_per_key_id_and_store_an_EncryptedObject_with_the_seed_type()
    {
        await using var config = await LoadHealthyAsync();
        var transformer = config.For(KmsConfigs.Secrets);
        var first = await transformer.TransformToStorageWithSourceAsync(Plaintext, StorageKey, Ct);
        var second = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);

        Assert.Equal("k8s:enc:kms:v2:p:", first.Provider);
        Assert.Null(first.Key);
        var a = Parse(first.Data);
        var b = Parse(second);
        Assert.Equal("1", a.KeyID);
        Assert.Equal(EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed, a.EncryptedDEKSourceType);
        Assert.Equal(a.EncryptedDEKSource, b.EncryptedDEKSource);
        Assert.NotEqual(a.EncryptedData, b.EncryptedData);
        Assert.Equal(32 + 12 + Plaintext.Length + 16, a.EncryptedData.Length);
        Assert.Equal(1, _plugin.Encrypts);

        var read = await transformer.TransformFromStorageAsync(first.Data, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.False(read.Stale);
        Assert.Equal(0, _plugin.Decrypts);
    }

    [Fact]
    public async Task Every_write_draws_a_fresh_info_and_nonce_across_many_random_blocks()
    {
        await using var config = await LoadHealthyAsync();
        var transformer = config.For(KmsConfigs.Secrets);
        var infos = new HashSet<string>();
        var nonces = new HashSet<string>();
        // 44 random bytes per write: 300 writes draw more than three 4 KiB blocks of the CSPRNG.
        for (var i = 0; i < 300; i++)
        {
            var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
            var data = Parse(stored).EncryptedData.Span;
            Assert.True(infos.Add(Convert.ToHexString(data[..32])), $"write {i} reuses an info");
            Assert.True(nonces.Add(Convert.ToHexString(data[32..44])), $"write {i} reuses a nonce");
            Assert.Equal(Plaintext, (await transformer.TransformFromStorageAsync(stored, StorageKey, Ct)).Data.ToArray());
        }
    }

    [Fact]
    public async Task A_value_written_here_caches_its_key_on_first_read_even_when_re_encoded_in_another_field_order()
    {
        await using var config = await LoadHealthyAsync();
        var transformer = config.For(KmsConfigs.Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        Assert.Equal(0, Provider(config).DerivedKeyCount);

        // The same fields with encryptedData last: not the byte layout this process writes, so the value is parsed.
        var obj = Parse(stored);
        var data = obj.EncryptedData;
        obj.EncryptedData = ByteString.Empty;
        var reordered = new EncryptedObject { EncryptedData = data }.ToByteArray();
        byte[] reEncoded = [.. "k8s:enc:kms:v2:p:"u8, .. obj.ToByteArray(), .. reordered];

        foreach (var value in new[] { stored, reEncoded })
        {
            var read = await transformer.TransformFromStorageAsync(value, StorageKey, Ct);
            Assert.Equal(Plaintext, read.Data.ToArray());
            Assert.False(read.Stale);
        }

        Assert.Equal(1, Provider(config).DerivedKeyCount);
        Assert.Equal(0, _plugin.Decrypts);

        // prefix ‖ 0x0A len(1 byte) ‖ info(32) ‖ nonce(12) ‖ ciphertext…: a flipped ciphertext byte fails authentication
        // on the fast path as well.
        var tampered = stored.ToArray();
        tampered["k8s:enc:kms:v2:p:"u8.Length + 2 + 44 + 3] ^= 1;
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await transformer.TransformFromStorageAsync(tampered, StorageKey, Ct));
        Assert.Contains("cipher: message authentication failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_process_reads_with_one_Decrypt_per_seed_then_from_its_cache()
    {
        byte[] stored;
        await using (var writer = await LoadHealthyAsync())
        {
            stored = await writer.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        }

        await using var reader = await LoadHealthyAsync();
        var readers = Enumerable.Range(0, 16).Select(_ => reader.For(KmsConfigs.Secrets).TransformFromStorageAsync(stored, StorageKey, Ct).AsTask());
        foreach (var read in await Task.WhenAll(readers))
        {
            Assert.Equal(Plaintext, read.Data.ToArray());
        }

        Assert.Equal(1, _plugin.Decrypts);
        await reader.For(KmsConfigs.Secrets).TransformFromStorageAsync(stored, StorageKey, Ct);
        Assert.Equal(1, _plugin.Decrypts);
    }

    [Fact]
    public async Task Values_of_two_earlier_seeds_read_alternately_each_with_its_own_seed()
    {
        var values = new List<(byte[] Stored, byte[] Plaintext)>();
        for (var writer = 0; writer < 2; writer++)
        {
            await using var config = await LoadHealthyAsync();
            var plaintext = Encoding.UTF8.GetBytes($"k8s\0written by writer {writer}");
            values.Add((await config.For(KmsConfigs.Secrets).TransformToStorageAsync(plaintext, StorageKey, Ct), plaintext));
        }

        // Same key id, different seeds: only the DEK source tells them apart.
        Assert.Equal(Parse(values[0].Stored).KeyID, Parse(values[1].Stored).KeyID);
        Assert.NotEqual(Parse(values[0].Stored).EncryptedDEKSource, Parse(values[1].Stored).EncryptedDEKSource);
        await using var reader = await LoadHealthyAsync();
        for (var i = 0; i < 6; i++)
        {
            var (stored, plaintext) = values[i % 2];
            var read = await reader.For(KmsConfigs.Secrets).TransformFromStorageAsync(stored, StorageKey, Ct);
            Assert.Equal(plaintext, read.Data.ToArray());
        }

        Assert.Equal(2, _plugin.Decrypts);
    }

    [Fact]
    public async Task A_new_key_id_makes_a_new_seed_and_older_values_read_as_stale()
    {
        await using var config = await LoadHealthyAsync();
        var transformer = config.For(KmsConfigs.Secrets);
        var old = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);

        _plugin.KeyId = "2";
        Assert.Null(await Provider(config).ProbeAsync(Ct));

        var fresh = Parse(await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct));
        Assert.Equal("2", fresh.KeyID);
        Assert.NotEqual(Parse(old).EncryptedDEKSource, fresh.EncryptedDEKSource);
        Assert.Equal(2, _plugin.Encrypts);
        var read = await transformer.TransformFromStorageAsync(old, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task Writes_stop_three_minutes_after_the_last_valid_Status_and_resume_with_the_next()
    {
        await using var config = await LoadHealthyAsync();
        var transformer = config.For(KmsConfigs.Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);

        _clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(async () => await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct));
        Assert.Matches(
            "^encryptedDEKSource with keyID hash \"sha256:6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b\" expired at \\S+Z \\(current time is \\S+Z\\)$",
            error.Message);
        // Reads never check the expiry.
        Assert.Equal(Plaintext, (await transformer.TransformFromStorageAsync(stored, StorageKey, Ct)).Data.ToArray());

        Assert.Null(await Provider(config).ProbeAsync(Ct));
        await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        Assert.Equal(1, _plugin.Encrypts);
    }

    [Fact]
    public async Task An_unhealthy_Status_is_reported_with_upstream_text_but_a_valid_key_id_still_extends_writes()
    {
        await using var config = await LoadHealthyAsync();
        _plugin.Healthz = "disk on fire";
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("kmsv2 Provider p is not healthy, error: got unexpected healthz status: disk on fire", await Provider(config).ProbeAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(2));
        await config.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);

        _plugin.KeyId = "";
        Assert.Equal(
            "kmsv2 Provider p is not healthy, error: [got unexpected healthz status: disk on fire, got invalid KMSv2 KeyID hash \"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\": keyID is empty]",
            await Provider(config).ProbeAsync(Ct));
    }

    [Fact]
    public async Task Reads_before_the_first_successful_Status_fail_as_upstream()
    {
        await using var config = KmsConfigs.Load("v2", "p", "unix:///@atrest-nobody-listens-" + Guid.NewGuid().ToString("N"), Options, timeout: "200ms");
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(async () =>
            await config.For(KmsConfigs.Secrets).TransformFromStorageAsync("k8s:enc:kms:v2:p:\n\u0001x"u8.ToArray(), StorageKey, Ct));
        Assert.Equal("got unexpected nil transformer", error.Message);
        var health = await config.KmsProviders[0].CheckAsync(Ct);
        Assert.StartsWith("failed to perform status section of the healthz check for KMS Provider p, error: rpc error: code = ", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_Decrypt_is_cut_off_by_the_per_call_timeout_without_holding_other_reads()
    {
        byte[] stored;
        await using (var writer = await LoadHealthyAsync())
        {
            stored = await writer.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        }

        await using var reader = KmsConfigs.Load("v2", "p", _plugin.Endpoint, Options, timeout: "500ms");
        await KmsConfigs.WaitHealthyAsync(reader);
        var own = await reader.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        _plugin.DecryptDelay = TimeSpan.FromSeconds(30);

        var slow = reader.For(KmsConfigs.Secrets).TransformFromStorageAsync(stored, StorageKey, Ct).AsTask();
        // A value of this process's own seed is read from the cache while the Decrypt hangs.
        Assert.Equal(Plaintext, (await reader.For(KmsConfigs.Secrets).TransformFromStorageAsync(own, StorageKey, Ct)).Data.ToArray());
        Assert.False(slow.IsCompleted);

        var error = await Assert.ThrowsAsync<EncryptionTransformException>(() => slow.WaitAsync(TimeSpan.FromSeconds(20), Ct));
        Assert.StartsWith("failed to decrypt DEK, error: rpc error: code = DeadlineExceeded", error.Message, StringComparison.Ordinal);
        Assert.Equal("DeadlineExceeded", error.GrpcStatus);

        _plugin.DecryptDelay = TimeSpan.Zero;
        Assert.Equal(Plaintext, (await reader.For(KmsConfigs.Secrets).TransformFromStorageAsync(stored, StorageKey, Ct)).Data.ToArray());
    }

    [Fact]
    public async Task An_abstract_socket_endpoint_is_dialled()
    {
        await using var plugin = await Base64KmsPlugin.StartAsync(abstractSocket: true);
        Assert.StartsWith("unix:///@", plugin.Endpoint, StringComparison.Ordinal);
        await using var config = KmsConfigs.Load("v2", "p", plugin.Endpoint, Options);
        await KmsConfigs.WaitHealthyAsync(config);
        var stored = await config.For(KmsConfigs.Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        Assert.Equal(Plaintext, (await config.For(KmsConfigs.Secrets).TransformFromStorageAsync(stored, StorageKey, Ct)).Data.ToArray());
        Assert.Equal(1, plugin.Encrypts);
    }

    private async Task<LoadedEncryptionConfiguration> LoadHealthyAsync()
    {
        var config = KmsConfigs.Load("v2", "p", _plugin.Endpoint, Options);
        await KmsConfigs.WaitHealthyAsync(config);
        return config;
    }

    private static KmsV2Provider Provider(LoadedEncryptionConfiguration config) => (KmsV2Provider)config.KmsProviders[0];

    private static EncryptedObject Parse(byte[] stored)
    {
        var prefix = "k8s:enc:kms:v2:p:"u8;
        Assert.True(stored.AsSpan().StartsWith(prefix));
        return EncryptedObject.Parser.ParseFrom(stored.AsSpan(prefix.Length));
    }
}
