using System.Net;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary>
/// Issue 10 point 4: <c>atrest server</c> and <c>atrest kms-plugin</c> as separate processes over a real unix socket,
/// with the key in a key file and on a SoftHSM2 token.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KmsPluginEndToEndTests : IDisposable
{
    private readonly TempDirectory _scratch = new("kms-e2e");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("file")]
    [InlineData("pkcs11")]
    public async Task Secrets_are_encrypted_under_the_plugins_key_and_a_rotation_moves_new_writes_to_the_new_key_id(string backend)
    {
        using var token = backend == "pkcs11" ? await SoftHsmToken.CreateAsync() : null;
        IReadOnlyList<string> arguments = token?.BackendArguments ?? ["--backend", "file", "--key-file", _scratch.File("keys.json")];
        await using var bed = await KmsTestBed.StartAsync(_scratch, arguments, token?.Environment);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bed.SocketPath));

        await bed.Api.CreateSecretOrFailAsync("before", "first value", Ct);
        Assert.Equal("first value", await bed.Api.ReadSecretAsync("before", Ct));
        var before = await bed.StoredAsync("before");
        Assert.Equal("1", before.KeyID);
        Assert.Equal(AtRest.Encryption.Kms.Stored.EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed, before.EncryptedDEKSourceType);
        Assert.DoesNotContain("first value"u8.ToArray(), before.EncryptedData.ToByteArray().AsSpan().ToArray());

        Assert.Equal("2", await KmsPluginProcess.RotateAsync(arguments, bed.Environment));
        var n = 0;
        await bed.WaitUntilAsync(async () =>
        {
            var name = $"after-{n++}";
            await bed.Api.CreateSecretOrFailAsync(name, "second value", Ct);
            return (await bed.StoredAsync(name)).KeyID == "2";
        }, "a new write carries key id 2");

        Assert.Equal("first value", await bed.Api.ReadSecretAsync("before", Ct));
        Assert.Equal("1", (await bed.StoredAsync("before")).KeyID);
        var (status, metrics) = await bed.Api.GetRawAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("apiserver_envelope_encryption_key_id_hash_total{transformation_type=\"to_storage\",provider_name=\"atrest\"", metrics, StringComparison.Ordinal);
        Assert.Contains("apiserver_storage_transformation_operations_total{resource=\"secrets\",transformation_type=\"to_storage\",transformer_prefix=\"k8s:enc:kms:v2:atrest:\",status=\"OK\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugin_down_cached_reads_keep_working_writes_stop_at_the_expiry_and_everything_recovers_when_it_returns()
    {
        await using var bed = await KmsTestBed.StartAsync(_scratch, ["--backend", "file", "--key-file", _scratch.File("keys.json")]);
        await bed.Api.CreateSecretOrFailAsync("kept", "still readable", Ct);

        await bed.Plugin.StopAsync();
        Assert.False(File.Exists(bed.SocketPath), "a graceful stop removes the socket file");
        Assert.Equal("still readable", await bed.Api.ReadSecretAsync("kept", Ct));
        await bed.WaitUntilAsync(async () =>
        {
            var (status, body) = await bed.Api.GetRawAsync("/healthz/kms-providers", Ct);
            return status != HttpStatusCode.OK && body.Contains("failed to perform status section of the healthz check for KMS Provider atrest", StringComparison.Ordinal);
        }, "the kms-providers check reports the plugin down");

        var attempt = 0;
        string refusal = string.Empty;
        await bed.WaitUntilAsync(async () =>
        {
            using var response = await bed.Api.CreateSecretAsync($"while-down-{attempt++}", "v", Ct);
            refusal = await response.Content.ReadAsStringAsync(Ct);
            return response.StatusCode == HttpStatusCode.InternalServerError;
        }, "writes stop once the write key expired");
        Assert.Matches("encryptedDEKSource with keyID hash \\\\\"sha256:[0-9a-f]{64}\\\\\" expired at \\S+ \\(current time is \\S+\\)", refusal);
        Assert.Equal("still readable", await bed.Api.ReadSecretAsync("kept", Ct));

        await bed.StartPluginAsync();
        await bed.WaitUntilAsync(async () =>
        {
            using var response = await bed.Api.CreateSecretAsync($"after-{attempt++}", "back", Ct);
            return response.StatusCode == HttpStatusCode.Created;
        }, "writes work again once the plugin is back");
        Assert.Equal("still readable", await bed.Api.ReadSecretAsync("kept", Ct));
    }

    [Fact]
    public async Task A_plugin_that_stops_answering_is_cut_off_by_the_per_call_timeout_and_the_server_stays_responsive()
    {
        await using var bed = await KmsTestBed.StartAsync(_scratch, ["--backend", "file", "--key-file", _scratch.File("keys.json")]);
        await bed.Api.CreateSecretOrFailAsync("old-seed", "needs a Decrypt", Ct);
        // A restarted server has a new seed: reading the old value needs one Decrypt call.
        await bed.RestartServerAsync();
        await bed.Api.CreateSecretOrFailAsync("new-seed", "cached", Ct);

        bed.Plugin.Pause();
        try
        {
            var slowRead = bed.Api.GetRawAsync("/api/v1/namespaces/default/secrets/old-seed", Ct);
            var (namespacesStatus, _) = await bed.Api.GetRawAsync("/api/v1/namespaces", Ct);
            Assert.Equal(HttpStatusCode.OK, namespacesStatus);
            Assert.Equal("cached", await bed.Api.ReadSecretAsync("new-seed", Ct));

            var (status, body) = await slowRead.WaitAsync(TimeSpan.FromSeconds(60), Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Contains("failed to decrypt DEK, error: rpc error: code = DeadlineExceeded", body, StringComparison.Ordinal);
        }
        finally
        {
            bed.Plugin.Resume();
        }

        await bed.WaitUntilAsync(async () => (await bed.Api.GetSecretAsync("old-seed", Ct)).StatusCode == HttpStatusCode.OK, "the old value reads once the plugin answers");
        Assert.Equal("needs a Decrypt", await bed.Api.ReadSecretAsync("old-seed", Ct));
    }
}
