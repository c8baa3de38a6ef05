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

    /// <summary>The configuration file the server reads.</summary>
    public string ConfigPath => Directory.File("encryption-config.yaml");

    /// <summary>Creates the first key with <c>rotate</c>, starts the plugin, then the server with a kms v2 configuration.</summary>
    public static Task<KmsTestBed> StartAsync(TempDirectory directory, IReadOnlyList<string> backendArguments, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync(directory, backendArguments, environment, ["v2"]);

    /// <summary>
    /// As <see cref="StartAsync(TempDirectory, IReadOnlyList{string}, IReadOnlyDictionary{string, string}?)"/> with kms providers of
    /// <paramref name="apiVersions"/> in that order (the first writes), all on the plugin; v1 turns on the KMSv1 gate.
    /// </summary>
    public static async Task<KmsTestBed> StartAsync(
        TempDirectory directory, IReadOnlyList<string> backendArguments, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string> apiVersions)
    {
        var bed = new KmsTestBed(directory, backendArguments, environment ?? new Dictionary<string, string>());
        Assert.Equal("1", await KmsPluginProcess.RotateAsync(backendArguments, bed.Environment));
        await bed.StartPluginAsync();
        await bed.WriteConfigAsync(apiVersions);
        bed.Server = await AtRestServer.StartAsync(directory.File("data"), ["--encryption-provider-config", bed.ConfigPath, "--feature-gates", "KMSv1=true"],
            TestContext.Current.CancellationToken);
        bed.Api = new AdminApi(bed.Server);
        await bed.WaitUntilAsync(async () => (await bed.Api.GetRawAsync("/readyz", CancellationToken.None)).Body == "ok", "the server is ready (kms checks pass)");
        return bed;
    }

    /// <summary>Writes a configuration with one kms provider per API version (named <c>atrest</c> for v2, <c>atrest-v1</c> for v1).</summary>
    public async Task WriteConfigAsync(IReadOnlyList<string> apiVersions)
    {
        var providers = string.Concat(apiVersions.Select(v => v == "v1"
            ? $"      - kms: {{apiVersion: v1, name: {ProviderName}-v1, endpoint: \"{Endpoint}\", timeout: 1s, cachesize: 100}}\n"
            : $"      - kms: {{apiVersion: v2, name: {ProviderName}, endpoint: \"{Endpoint}\", timeout: 1s}}\n"));
        await File.WriteAllTextAsync(ConfigPath,
            "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n"
            + providers + "      - identity: {}\n");
    }

    public async Task StartPluginAsync() =>
        Plugin = await KmsPluginProcess.StartAsync(
            ["--listen", Endpoint, "--health-address", "127.0.0.1:0", "--key-refresh-interval", "200ms", .. BackendArguments], Environment);

    public async Task RestartServerAsync()
    {
        await Server.RestartAsync(cancellationToken: TestContext.Current.CancellationToken);
        Api.Dispose();
        Api = new AdminApi(Server);
        await WaitUntilAsync(async () => (await Api.GetRawAsync("/readyz", CancellationToken.None)).Body == "ok", "the restarted server is ready (kms checks pass)");
    }

    /// <summary>The EncryptedObject stored for a secret, read from the store with <c>atrest etcdctl</c>.</summary>
    public async Task<EncryptedObject> StoredAsync(string name)
    {
        var value = await StoredBytesAsync(name);
        Assert.True(value.AsSpan().StartsWith(Prefix), $"{name} is not stored by the kms v2 provider");
        return EncryptedObject.Parser.ParseFrom(value.AsSpan(Prefix.Length));
    }

    /// <summary>The bytes stored for a secret.</summary>
    public async Task<byte[]> StoredBytesAsync(string name)
    {
        var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(
            ["etcdctl", "--data-dir", Server.DataDirectory, "get", $"/registry/secrets/default/{name}", "--print-value-only"], TestContext.Current.CancellationToken);
        Assert.True(exit == 0, stderr);
        return stdout.AsSpan().TrimEnd((byte)'\n').ToArray();
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
