using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>The article, run with the real kubectl against the real server process, on both stores.</summary>
[Trait("Category", "Integration")]
public sealed class ArticleWalkthroughTests
{
    /// <summary>
    /// Every kubectl the dispatcher ships (it picks the binary from /version's minor, so the row is the minor), plus
    /// Debian's kubectl 1.20 (package kubernetes-client, which scripts/test unpacks under .build/debian/) as row 0.
    /// </summary>
    public static TheoryData<int> Kubectls => new(KubectlBinaries.Debian120 is null
        ? KubectlBinaries.DispatcherMinors
        : [.. KubectlBinaries.DispatcherMinors, 0]);

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task Embedded_store_restart_with_aescbc(int minor)
    {
        if (minor == 0)
        {
            await DebianKubectl120Async(KubectlBinaries.Debian120!);
            return;
        }

        using var scratch = new TempDirectory($"article-{minor}");
        var config = Path.Combine(scratch.Path, "etc", "kubernetes", "etcd", "ec1.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, ArticleFiles.IdentityOnly);
        var dataDirectory = scratch.File("data");
        string[] flags = ["--encryption-provider-config", config, "--kube-minor-version", minor.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        await using var server = await AtRestServer.StartAsync(dataDirectory, flags, TestContext.Current.CancellationToken);
        var kubectl = new Kubectl(KubectlBinaries.Dispatcher, server.KubeconfigPath, scratch.Path);

        // The dispatcher ran the kubectl of the minor the server reports.
        using var version = System.Text.Json.JsonDocument.Parse((await kubectl.RunAsync("version", "-o", "json")).EnsureSuccess().Stdout);
        Assert.Equal(minor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            version.RootElement.GetProperty("clientVersion").GetProperty("minor").GetString()!.TrimEnd('+'));
        Assert.Equal($"v1.{minor}.0", version.RootElement.GetProperty("serverVersion").GetProperty("gitVersion").GetString());

        await ArticleWalkthrough.RunAsync(server, kubectl, RawStoreView.Embedded(dataDirectory), async () =>
        {
            // The article edits the static pod manifest and the kubelet restarts kube-apiserver.
            File.WriteAllText(config, ArticleFiles.AesCbcThenIdentity);
            await server.RestartAsync(cancellationToken: TestContext.Current.CancellationToken);
        });
    }

    private static async Task DebianKubectl120Async(string binary)
    {
        using var scratch = new TempDirectory("article-120");
        var config = scratch.File("ec1.yaml");
        File.WriteAllText(config, ArticleFiles.IdentityOnly);
        var dataDirectory = scratch.File("data");
        await using var server = await AtRestServer.StartAsync(dataDirectory, ["--encryption-provider-config", config], TestContext.Current.CancellationToken);
        var kubectl = new Kubectl(binary, server.KubeconfigPath, scratch.Path);
        await ArticleWalkthrough.RunAsync(server, kubectl, RawStoreView.Embedded(dataDirectory), async () =>
        {
            File.WriteAllText(config, ArticleFiles.AesCbcThenIdentity);
            await server.RestartAsync(cancellationToken: TestContext.Current.CancellationToken);
        });
    }

    [Fact]
    public async Task Etcd_backend_automatic_reload_with_real_etcdctl()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var scratch = new TempDirectory("article-etcd");
        var config = scratch.File("ec1.yaml");
        File.WriteAllText(config, ArticleFiles.IdentityOnly);
        await using var server = await AtRestServer.StartAsync(scratch.File("data"),
        [
            "--etcd-servers", etcd.Endpoint, "--encryption-provider-config", config,
            "--encryption-provider-config-automatic-reload", "--encryption-provider-config-reload-interval", "100ms",
        ], TestContext.Current.CancellationToken);
        var kubectl = new Kubectl(KubectlBinaries.Dispatcher, server.KubeconfigPath, scratch.Path);

        await ArticleWalkthrough.RunAsync(server, kubectl, RawStoreView.Etcd(etcd.Endpoint), async () =>
        {
            File.WriteAllText(config, ArticleFiles.AesCbcThenIdentity);
            await ReloadSignals.WaitForSuccessfulReloadAsync(kubectl, server);
        });
    }
}
