using System.Net;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Tests.Hosting;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;

namespace AtRest.ApiServer.Tests.Observability;

[Trait("Category", "Integration")]
public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private static readonly string Config = EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Identity);

    private InProcessServer _server = null!;
    private string _configPath = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(reload: directory =>
        {
            _configPath = Path.Combine(directory, "config.yaml");
            File.WriteAllText(_configPath, Config);
            var reloadable = new ReloadableResourceTransformers(ResourceTransformers.IdentityOnly);
            return new EncryptionConfigReloadOptions(_configPath, TimeSpan.FromHours(1), reloadable,
                EncryptionConfigurationLoader.ContentHash(File.ReadAllBytes(_configPath)));
        });
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Verbose_healthz_lists_named_checks_in_kube_format()
    {
        var (code, body) = await Get("/healthz?verbose");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(
            "[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]kms-providers ok\n[+]encryption-config-reload ok\nhealthz check passed\n", body);
        Assert.Equal((HttpStatusCode.OK, "ok"), await Get("/healthz"));
        Assert.Equal((HttpStatusCode.OK, "[+]ping ok\n[+]log ok\n[+]etcd ok\nlivez check passed\n"), await Get("/livez?verbose"));
        Assert.EndsWith("readyz check passed\n", (await Get("/readyz?verbose")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_checks_and_exclusions()
    {
        Assert.Equal((HttpStatusCode.OK, "ok"), await Get("/healthz/etcd"));
        Assert.Equal((HttpStatusCode.OK, "ok"), await Get("/readyz/kms-providers"));
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/healthz/no-such-check")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/livez/kms-providers")).Code);
        Assert.Contains("[+]etcd excluded: ok\n", (await Get("/healthz?verbose&exclude=etcd")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_reload_fails_healthz_and_readyz_but_not_livez()
    {
        File.WriteAllText(_configPath, Config.Replace("identity: {}", "aescbc: {keys: [{name: k, secret: c2hvcnQ=}]}", StringComparison.Ordinal));
        Assert.False(await _server.Host.Reloader!.PollAsync(TestContext.Current.CancellationToken));

        var (code, body) = await Get("/healthz");
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Contains($"[-]encryption-config-reload failed: error processing encryption config file {_configPath}: ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", body, StringComparison.Ordinal);
        Assert.EndsWith("healthz check failed\n", body, StringComparison.Ordinal);
        var single = await Get("/readyz/encryption-config-reload");
        Assert.Equal(HttpStatusCode.InternalServerError, single.Code);
        Assert.StartsWith("internal server error: error processing encryption config file", single.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "ok"), await Get("/livez"));

        using var admin = _server.AdminClient();
        var metrics = await admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Matches("apiserver_encryption_config_controller_automatic_reloads_total\\{status=\"failure\",apiserver_id_hash=\"sha256:[0-9a-f]{64}\"\\} 1", metrics);
        Assert.Contains("apiserver_encryption_config_controller_automatic_reload_last_timestamp_seconds{status=\"failure\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_are_counted_by_verb_resource_and_code()
    {
        using var admin = _server.AdminClient();
        using (await admin.GetAsync("/api/v1/namespaces/default/secrets", TestContext.Current.CancellationToken))
        {
        }

        using var anonymous = _server.Client();
        using (await anonymous.GetAsync("/api/v1/namespaces/default/secrets/x", TestContext.Current.CancellationToken))
        {
        }

        var metrics = await admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("apiserver_request_total{verb=\"LIST\",resource=\"secrets\",code=\"200\"} 1", metrics, StringComparison.Ordinal);
        // Anonymous requests name no resource: nothing a client sends before authentication becomes a label value.
        Assert.Contains("apiserver_request_total{verb=\"GET\",resource=\"\",code=\"401\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_duration_seconds_count{verb=\"LIST\",resource=\"secrets\"} 1", metrics, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Code, string Body)> Get(string path)
    {
        using var client = _server.Client();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
