using AtRest.Encryption.Kms.Stored;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary>
/// A server and an <c>atrest kms-plugin</c> as separate processes on a real unix socket, in one temp directory. The
/// server's KMS timings are shortened through the hidden environment variables (inherited by the server process):
/// Status every second, every half second while unhealthy, writes stopping 15 s after the last good Status.
/// </summary>
internal sealed class KmsTestBed : IAsyncDisposable
{
    public const string ProviderName = "atrest";
    private static readonly byte[] Prefix = "k8s:enc:kms:v2:atrest:"u8.ToArray();

    static KmsTestBed()
    {
        System.Environment.SetEnvironmentVariable("ATREST_KMS_STATUS_POLL_INTERVAL", "1s");
        System.Environment.SetEnvironmentVariable("ATREST_KMS_UNHEALTHY_POLL_INTERVAL", "500ms");
        System.Environment.SetEnvironmentVariable("ATREST_KMS_WRITE_DEK_SOURCE_TTL", "15s");
    }

    private KmsTestBed(TempDirectory directory, IReadOnlyList<string> backendArguments, IReadOnlyDictionary<string, string> environment)
    {
        Directory = directory;
        BackendArguments = backendArguments;
        Environment = environment;
    }

    public TempDirectory Directory { get; }

    public string SocketPath => Directory.File("kms.sock");

    public string Endpoint => $"unix://{SocketPath}";

    public IReadOnlyList<string> BackendArguments { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public KmsPluginProcess Plugin { get; private set; } = null!;

    public AtRestServer Server { get; private set; } = null!;

    public AdminApi Api { get; private set; } = null!;

    /// <summary>Creates the first key with <c>rotate</c>, starts the plugin, then the server with a kms v2 configuration.</summary>
    public static async Task<KmsTestBed> StartAsync(TempDirectory directory, IReadOnlyList<string> backendArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var bed = new KmsTestBed(directory, backendArguments, environment ?? new Dictionary<string, string>());
        Assert.Equal("1", await KmsPluginProcess.RotateAsync(backendArguments, bed.Environment));
        await bed.StartPluginAsync();
        var config = directory.File("encryption-config.yaml");
        await File.WriteAllTextAsync(config, $$"""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - kms: {apiVersion: v2, name: {{ProviderName}}, endpoint: "{{bed.Endpoint}}", timeout: 1s}
                  - identity: {}
            """);
        bed.Server = await AtRestServer.StartAsync(directory.File("data"), ["--encryption-provider-config", config], TestContext.Current.CancellationToken);
        bed.Api = new AdminApi(bed.Server);
        await bed.WaitUntilAsync(async () => (await bed.Api.GetRawAsync("/healthz/kms-providers", CancellationToken.None)).Body == "ok", "the server's kms-providers check passes");
        return bed;
    }

    public async Task StartPluginAsync() =>
        Plugin = await KmsPluginProcess.StartAsync(
            ["--listen", Endpoint, "--health-address", "127.0.0.1:0", "--key-refresh-interval", "200ms", .. BackendArguments], Environment);

    public async Task RestartServerAsync()
    {
        await Server.RestartAsync(cancellationToken: TestContext.Current.CancellationToken);
        Api.Dispose();
        Api = new AdminApi(Server);
        await WaitUntilAsync(async () => (await Api.GetRawAsync("/healthz/kms-providers", CancellationToken.None)).Body == "ok", "the restarted server's kms-providers check passes");
    }

    /// <summary>The EncryptedObject stored for a secret, read from the store with <c>atrest etcdctl</c>.</summary>
    public async Task<EncryptedObject> StoredAsync(string name)
    {
        var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(
            ["etcdctl", "--data-dir", Server.DataDirectory, "get", $"/registry/secrets/default/{name}", "--print-value-only"], TestContext.Current.CancellationToken);
        Assert.True(exit == 0, stderr);
        var value = stdout.AsSpan().TrimEnd((byte)'\n');
        Assert.True(value.StartsWith(Prefix), $"{name} is not stored by the kms provider");
        return EncryptedObject.Parser.ParseFrom(value[Prefix.Length..]);
    }

    /// <summary>Polls <paramref name="condition"/> (generously, 90 s) and fails with both logs when it never holds.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                last = e;
            }

            await Task.Delay(250, CancellationToken.None);
        }

        Assert.Fail($"timed out waiting until {what} ({last?.Message})\nserver log:\n{Server?.Log}\nplugin log:\n{Plugin?.Log}");
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Plugin is not null)
        {
            await Plugin.DisposeAsync();
        }
    }
}
