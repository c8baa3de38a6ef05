using System.Text;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Import;

/// <summary><c>atrest import</c> refuses a dump it cannot store with one line that names the item and the problem, and writes nothing.</summary>
[Trait("Category", "Integration")]
public sealed class ImportBadInputTests
{
    private const string Config = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: ["secrets"]
            providers: [{secretbox: {keys: [{name: k1, secret: AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=}]}}]
        """;

    [Theory]
    [InlineData("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p, namespace: default}\n", "items[0]")]
    [InlineData("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n", "Secret \"s\" has no metadata.namespace")]
    [InlineData("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s, namespace: default}\n  dta: {}\n", "items[0]")]
    [InlineData("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s, namespace: Bad_NS}\n", "DNS-1123")]
    [InlineData("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s, namespace: default}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s, namespace: default}\n", "holds /registry/secrets/default/s twice")]
    [InlineData("kind: List\nitems: {a: 1}\n", "items is not a list")]
    [InlineData("a: [\n", "neither a YAML nor a JSON document")]
    public async Task ABadDumpIsRefusedSayingWhy(string dump, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory("import");
        await File.WriteAllTextAsync(dir.File("config.yaml"), Config, ct);
        await File.WriteAllTextAsync(dir.File("dump.yaml"), dump, ct);

        var result = await AtRestServer.RunCliAsync(
            ["import", "-f", dir.File("dump.yaml"), "--encryption-provider-config", dir.File("config.yaml"), "--data-dir", dir.File("data")], ct);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.False(File.Exists(dir.File("data/state.db")), "a refused import must not create the store");
    }

    [Fact]
    public async Task ExportOfAResourceAtRestDoesNotServeIsRefused()
    {
        var result = await AtRestServer.RunCliAsync(
            ["export", "--decrypt", "--encryption-provider-config", "/nonexistent.yaml", "--resource", "secrets,deployments"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--resource \"deployments\": AtRest exports secrets, configmaps, namespaces", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportWithoutDecryptIsRefused()
    {
        var result = await AtRestServer.RunCliAsync(["export", "--encryption-provider-config", "/nonexistent.yaml"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pass --decrypt to confirm", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Encoding.UTF8.GetString(result.Stdout));
    }
}
