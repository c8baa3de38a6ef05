using System.Text;
using System.Threading.Channels;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// The everyday kubectl commands against the real server on the default configuration (generated secretbox key):
/// get (Table, yaml, json), describe, apply, edit, patch, delete, get -w, namespaces and configmaps.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KubectlCommandsTests : IAsyncLifetime
{
    private const string LogCheckValue = "s3cr3t-value-never-logged";
    private readonly TempDirectory _scratch = new("kubectl");
    private AtRestServer _server = null!;
    private Kubectl _kubectl = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await AtRestServer.StartAsync(_scratch.File("data"), cancellationToken: TestContext.Current.CancellationToken);
        _kubectl = new Kubectl(KubectlBinaries.Dispatcher, _server.KubeconfigPath, _scratch.Path);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _scratch.Dispose();
    }

    [Fact]
    public async Task Get_describe_apply_edit_patch_delete()
    {
        (await _kubectl.RunAsync("create", "secret", "generic", "secret1", "--from-literal", "user=admin", "--from-literal", $"token={LogCheckValue}")).EnsureSuccess();

        var table = (await _kubectl.RunAsync("get", "secrets")).EnsureSuccess().Stdout;
        Assert.Matches(@"NAME\s+TYPE\s+DATA\s+AGE", table);
        Assert.Matches(@"secret1\s+Opaque\s+2\s+\d+s", table);
        Assert.Contains("user: YWRtaW4=", (await _kubectl.RunAsync("get", "secret", "secret1", "-o", "yaml")).EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal("admin", await ArticleWalkthrough.DecodedValueAsync(_kubectl, "secret1", "user"));
        var describe = (await _kubectl.RunAsync("describe", "secret", "secret1")).EnsureSuccess().Stdout;
        Assert.Matches(@"user:\s+5 bytes", describe);

        var manifest = _scratch.File("applied.yaml");
        File.WriteAllText(manifest, Manifest("first"));
        Assert.Contains("secret/applied created", (await _kubectl.RunAsync("apply", "-f", manifest)).EnsureSuccess().Stdout, StringComparison.Ordinal);
        File.WriteAllText(manifest, Manifest("second"));
        Assert.Contains("secret/applied configured", (await _kubectl.RunAsync("apply", "-f", manifest)).EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal("second", await ArticleWalkthrough.DecodedValueAsync(_kubectl, "applied", "value"));

        (await _kubectl.RunAsync(["edit", "secret", "secret1"], stdin: null, editor: "sed -i s/YWRtaW4=/cm9vdA==/")).EnsureSuccess();
        Assert.Equal("root", await ArticleWalkthrough.DecodedValueAsync(_kubectl, "secret1", "user"));

        (await _kubectl.RunAsync("patch", "secret", "secret1", "-p", "{\"data\":{\"pass\":\"c2VjcmV0\"}}")).EnsureSuccess();
        Assert.Equal("secret", await ArticleWalkthrough.DecodedValueAsync(_kubectl, "secret1", "pass"));

        (await _kubectl.RunAsync("delete", "secret", "secret1")).EnsureSuccess();
        var missing = await _kubectl.RunAsync("get", "secret", "secret1");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Error from server (NotFound): secrets \"secret1\" not found", missing.Stderr, StringComparison.Ordinal);

        // Secrets are encrypted at rest with the generated secretbox key.
        var (exit, raw, _) = await AtRestServer.RunCliAsync(["etcdctl", "--data-dir", _server.DataDirectory, "get", "/registry/secrets/default/applied"], TestContext.Current.CancellationToken);
        Assert.Equal(0, exit);
        Assert.StartsWith("/registry/secrets/default/applied\nk8s:enc:secretbox:v1:key1:", Encoding.Latin1.GetString(raw), StringComparison.Ordinal);
        ArticleWalkthrough.AssertNothingSecretLogged(_server.Log, LogCheckValue, Convert.ToBase64String(Encoding.UTF8.GetBytes(LogCheckValue)),
            EncryptionKeyOf(_server.DataDirectory));
    }

    [Fact]
    public async Task Watch_sees_a_new_secret()
    {
        (await _kubectl.RunAsync("create", "secret", "generic", "before", "--from-literal", "a=b")).EnsureSuccess();
        using var watch = _kubectl.Start("get", "secrets", "-w");
        var lines = Channel.CreateUnbounded<string>();
        var reader = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                await lines.Writer.WriteAsync(line, CancellationToken.None);
            }

            lines.Writer.Complete();
        }, TestContext.Current.CancellationToken);
        try
        {
            // kubectl prints the listed secret, then watches from the list's resourceVersion: nothing can be missed.
            await ReadUntilAsync(lines, line => line.StartsWith("before", StringComparison.Ordinal), watch);
            (await _kubectl.RunAsync("create", "secret", "generic", "watched", "--from-literal", "a=b")).EnsureSuccess();
            var seen = await ReadUntilAsync(lines, line => line.StartsWith("watched", StringComparison.Ordinal), watch);
            Assert.Matches(@"^watched\s+Opaque\s+1\s+", seen);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync(CancellationToken.None);
            await reader;
        }
    }

    [Fact]
    public async Task Namespaces_and_configmaps()
    {
        (await _kubectl.RunAsync("create", "namespace", "team-a")).EnsureSuccess();
        Assert.Matches(@"team-a\s+Active", (await _kubectl.RunAsync("get", "namespaces")).EnsureSuccess().Stdout);
        (await _kubectl.RunAsync("create", "configmap", "settings", "-n", "team-a", "--from-literal", "mode=fast")).EnsureSuccess();
        Assert.Matches(@"settings\s+1\s+", (await _kubectl.RunAsync("get", "configmaps", "-n", "team-a")).EnsureSuccess().Stdout);
        Assert.Contains("mode: fast", (await _kubectl.RunAsync("get", "configmap", "settings", "-n", "team-a", "-o", "yaml")).EnsureSuccess().Stdout, StringComparison.Ordinal);

        // ConfigMaps are not in the generated configuration: they stay plain at rest, as in kube-apiserver.
        var (exit, raw, _) = await AtRestServer.RunCliAsync(["etcdctl", "--data-dir", _server.DataDirectory, "get", "/registry/configmaps/team-a/settings"], TestContext.Current.CancellationToken);
        Assert.Equal(0, exit);
        Assert.Contains("fast", Encoding.Latin1.GetString(raw), StringComparison.Ordinal);
        (await _kubectl.RunAsync("delete", "namespace", "team-a")).EnsureSuccess();
    }

    private static string Manifest(string value) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: applied
          namespace: default
        stringData:
          value: {value}

        """;

    private static string EncryptionKeyOf(string dataDirectory)
    {
        var line = File.ReadAllLines(Path.Combine(dataDirectory, "encryption-config.yaml")).Single(text => text.Contains("secret:", StringComparison.Ordinal));
        return line.Split("secret:")[1].Trim();
    }

    private static async Task<string> ReadUntilAsync(Channel<string> lines, Func<string, bool> match, System.Diagnostics.Process watch)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await lines.Reader.ReadAsync(timeout.Token);
                seen.AppendLine(line);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            var stderr = watch.HasExited ? await watch.StandardError.ReadToEndAsync(CancellationToken.None) : "(still running)";
            Assert.Fail($"kubectl get -w did not print the expected line. stdout so far:\n{seen}\nstderr: {stderr}");
            throw;
        }
    }
}
