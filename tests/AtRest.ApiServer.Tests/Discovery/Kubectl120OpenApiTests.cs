using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.ApiServer.Tests.Kubectl;
using AtRest.ApiServer.Tests.Support;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Discovery;

/// <summary>
/// What Debian's kubectl 1.20 does only after reading the OpenAPI v2 document: it sends <c>--dry-run=server</c> (and
/// <c>diff</c>) only for a kind whose patch operation has a <c>dryRun</c> parameter, and validates objects client-side
/// against the kind's schema before sending them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class Kubectl120OpenApiTests : IAsyncLifetime
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: default
        data:
          mode: "{0}"
        """;

    private readonly TempDirectory scratch = new("kubectl120");
    private TestApiServer server = null!;
    private KubectlRunner kubectl = null!;

    private static string Kubectl =>
        KubectlBinaries.Debian120 ?? throw new InvalidOperationException("Debian's kubectl 1.20 is not unpacked under .build/debian; scripts/test installs it");

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        kubectl = new KubectlRunner(server.Address);
    }

    public async ValueTask DisposeAsync()
    {
        kubectl.Dispose();
        await server.DisposeAsync();
        scratch.Dispose();
    }

    [Fact]
    public async Task Apply_with_server_dry_run_runs_on_the_server_and_stores_nothing()
    {
        var file = await WriteAsync("settings.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, ConfigMap, "fast"));

        var dryRun = await kubectl.RunAsync($"{Kubectl} apply --dry-run=server -f {file}");

        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Equal("configmap/settings created (server dry run)\n", dryRun.Stdout);
        var (response, _) = await server.Client.GetJsonAsync("api/v1/namespaces/default/configmaps/settings");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Diff_shows_the_change_a_server_side_dry_run_would_make()
    {
        var file = await WriteAsync("settings.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, ConfigMap, "fast"));
        Assert.Equal(0, (await kubectl.RunAsync($"{Kubectl} apply -f {file}")).ExitCode);
        await WriteAsync("settings.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, ConfigMap, "slow"));

        var diff = await kubectl.RunAsync($"{Kubectl} diff -f {file}");

        // kubectl diff exits 1 when there are differences, >1 on an error.
        Assert.True(diff.ExitCode == 1, $"exit {diff.ExitCode}: {diff.Stderr}");
        Assert.Contains("-  mode: fast\n", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("+  mode: slow\n", diff.Stdout, StringComparison.Ordinal);
        var (_, stored) = await server.Client.GetJsonAsync("api/v1/namespaces/default/configmaps/settings");
        Assert.Equal("fast", (string?)stored!["data"]!["mode"]);
    }

    [Fact]
    public async Task Create_with_validation_refuses_a_field_the_schema_lacks_before_sending()
    {
        var file = await WriteAsync("bad.yaml", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: bad
              namespace: default
            bogus: 1
            """);

        var create = await kubectl.RunAsync($"{Kubectl} create --validate=true -f {file}");

        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains(
            "error validating data: ValidationError(Secret): unknown field \"bogus\" in io.k8s.api.core.v1.Secret",
            create.Stderr, StringComparison.Ordinal);
        var (response, _) = await server.Client.GetJsonAsync("api/v1/namespaces/default/secrets/bad");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = scratch.File(name);
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
        return path;
    }
}
