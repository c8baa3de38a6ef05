using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary><c>atrest kms-plugin</c> on its own: key file rotation, socket hygiene, health endpoint, bad flags.</summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KmsPluginCommandTests : IDisposable
{
    private readonly TempDirectory _scratch = new("kms-plugin");

    private string KeyFile => _scratch.File("keys.json");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Rotate_adds_the_next_key_id_keeps_old_keys_and_writes_the_file_0600()
    {
        string[] backend = ["--backend", "file", "--key-file", KeyFile];
        Assert.Equal("1", await KmsPluginProcess.RotateAsync(backend));
        Assert.Equal("2", await KmsPluginProcess.RotateAsync(backend));
        Assert.Equal("3", await KmsPluginProcess.RotateAsync(backend));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        var keys = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(KeyFile, TestContext.Current.CancellationToken))!["keys"]!.AsArray();
        Assert.Equal(["1", "2", "3"], keys.Select(k => k!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced_a_live_one_is_refused_and_health_reports_the_key()
    {
        string[] backend = ["--backend", "file", "--key-file", KeyFile];
        await KmsPluginProcess.RotateAsync(backend);
        var socket = _scratch.File("kms.sock");
        string[] arguments = ["--listen", $"unix://{socket}", "--health-address", "127.0.0.1:0", .. backend];

        await using (var first = await KmsPluginProcess.StartAsync(arguments))
        {
            var (exit, _, stderr) = await AtRestServer.RunCliAsync(["kms-plugin", .. arguments], TestContext.Current.CancellationToken);
            Assert.Equal(1, exit);
            Assert.Contains($"another process is serving {socket}", stderr, StringComparison.Ordinal);

            var health = first.Log.Split('\n').Single(l => l.Contains("health and metrics on ", StringComparison.Ordinal)).Split(" on ")[1].Trim();
            using var http = new HttpClient();
            Assert.Equal("ok", await http.GetStringAsync($"{health}/healthz", TestContext.Current.CancellationToken));
            Assert.Contains("atrest_kms_plugin_healthy 1", await http.GetStringAsync($"{health}/metrics", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        // A crashed plugin leaves its socket file behind; the next start removes it.
        await using (var crashed = await KmsPluginProcess.StartAsync(arguments))
        {
            await crashed.KillAsync();
        }

        Assert.True(File.Exists(socket));
        await using var second = await KmsPluginProcess.StartAsync(arguments);
        Assert.Contains("key id 1, ok", second.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_file_is_named_with_the_command_that_creates_it()
    {
        var (exit, _, stderr) = await AtRestServer.RunCliAsync(
            ["kms-plugin", "--listen", $"unix://{_scratch.File("kms.sock")}", "--key-file", KeyFile], TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Equal($"Error: key file {KeyFile} does not exist; create it with: atrest kms-plugin rotate --key-file {KeyFile}", stderr.Trim());
        Assert.False(File.Exists(_scratch.File("kms.sock")));
    }
}
