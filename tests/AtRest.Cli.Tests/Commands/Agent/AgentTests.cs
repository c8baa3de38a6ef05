using AtRest.Cli.Commands.Run;
using AtRest.Cli.Tests.Commands.Run;
using AtRest.Storage;
using AtRest.Storage.Sqlite;

namespace AtRest.Cli.Tests.Commands.Agent;

/// <summary>
/// <c>atrest agent -f projections.yaml</c> against the real server: volumes written and kept current, the watch
/// resumed from its resourceVersion after a server restart, files left in place when the agent stops.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgentTests : IAsyncLifetime
{
    private ArticleCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await ArticleCluster.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_agent_follows_updates_and_resumes_its_watch_after_a_server_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var etc = _cluster.PathUnderRoot("etc/secret1");
        var config = _cluster.PathUnderRoot("etc/app");
        var projections = _cluster.PathUnderRoot("projections.yaml");
        File.WriteAllText(projections, $"""
            volumes:
            - directory: {etc}
              secret:
                secretName: secret1
                defaultMode: 0400
            - directory: {config}
              configMap:
                name: app-config
                optional: true
                items:
                - key: level
                  path: conf/level
                  mode: 0440
            """);
        var user = Path.Combine(etc, "user");
        var level = Path.Combine(config, "conf", "level");
        await using var agent = AtrestChild.Start(["agent", "-f", projections, "--kubeconfig", _cluster.Server.KubeconfigPath]);

        await agent.WaitUntilAsync(() => File.Exists(user) && File.ReadAllText(user) == "admin", "secret1 to be written");
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(etc, "..data", "user")));
        await agent.WaitUntilAsync(() => Directory.Exists(Path.Combine(config, "..data")), "the optional, absent ConfigMap to give an empty volume");
        await _cluster.CreateConfigMapAsync("app-config", new() { ["level"] = "debug", ["other"] = "x" }, ct);
        await agent.WaitUntilAsync(() => File.Exists(level) && File.ReadAllText(level) == "debug", "the ConfigMap item to be written");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(config, "..data", "conf", "level")));
        await _cluster.ReplaceSecretAsync("secret1", new() { ["user"] = "value-after-update" }, ct);
        await agent.WaitUntilAsync(() => File.ReadAllText(user) == "value-after-update", "the update to reach the file");

        await _cluster.RestartServerAsync(ct);
        await agent.WaitForStderrAsync("resuming the watch from resourceVersion");
        Assert.DoesNotContain("listing again", agent.Stderr, StringComparison.Ordinal);
        await _cluster.ReplaceSecretAsync("secret1", new() { ["user"] = "value-after-restart" }, ct);
        await agent.WaitUntilAsync(() => File.ReadAllText(user) == "value-after-restart", "an update after the restart to reach the file");

        agent.Signal(Native.SigTerm);
        Assert.Equal(0, await agent.WaitForExitAsync());
        Assert.Equal("value-after-restart", File.ReadAllText(user));
        Assert.DoesNotContain("value-after", agent.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("debug", agent.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_lists_again_when_the_server_compacted_its_resourceVersion_away()
    {
        var ct = TestContext.Current.CancellationToken;
        var etc = _cluster.PathUnderRoot("compacted/etc/secret1");
        var projections = _cluster.PathUnderRoot("compacted.yaml");
        File.WriteAllText(projections, $"volumes:\n- directory: {etc}\n  secret:\n    secretName: secret1\n");
        var user = Path.Combine(etc, "user");
        await using var agent = AtrestChild.Start(["agent", "-f", projections, "--kubeconfig", _cluster.Server.KubeconfigPath]);
        await agent.WaitUntilAsync(() => File.Exists(user) && File.ReadAllText(user) == "admin", "secret1 to be written");

        // Changes the agent's watch does not report move the revision past the agent's resourceVersion; the server
        // is stopped before its 10 s bookmark could tell the agent. Compacting to the newest revision while it is
        // down makes the agent's resourceVersion too old, and the change made meanwhile must still arrive.
        await _cluster.CreateConfigMapAsync("unrelated-1", new() { ["k"] = "v" }, ct);
        await _cluster.CreateConfigMapAsync("unrelated-2", new() { ["k"] = "v" }, ct);
        await _cluster.RestartServerAsync(ct, async () =>
        {
            await using var store = SqliteKeyValueStore.Open(Path.Combine(_cluster.Server.DataDirectory, KeyValueStoreFactory.DefaultDatabaseFileName));
            await store.CompactAsync(await store.CurrentRevisionAsync(ct), ct);
        });
        await _cluster.ReplaceSecretAsync("secret1", new() { ["user"] = "value-after-compaction" }, ct);

        await agent.WaitUntilAsync(() => File.ReadAllText(user) == "value-after-compaction", "the change to reach the file");
        Assert.Contains("is too old", agent.Stderr, StringComparison.Ordinal);
        Assert.Contains("listing again", agent.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("volumes:\n- directory: /tmp/x\n  secret:\n    secretName: s\n    defaultMode: 01000\n",
        "volumes[0] (secret s at /tmp/x)\": defaultMode: Invalid value: \"01000\": must be a number between 0 and 0777 (octal), both inclusive")]
    [InlineData("volumes:\n- directory: /tmp/x\n  secret:\n    secretName: s\n    items:\n    - key: k\n      path: ../k\n",
        "items[0].path: Invalid value: \"../k\": must not contain '..'")]
    [InlineData("volumes:\n- directory: /tmp/x\n  secret:\n    secretNme: s\n", "line 4: volumes[0].secret.secretNme: unknown field; expected one of secretName, defaultMode, optional, items")]
    [InlineData("volumes:\n- directory: /tmp/x\n", "line 2: volumes[0]: Invalid value: exactly one of secret or configMap must be given")]
    [InlineData("volumes: []\n", "volumes: Required value: a list of volumes")]
    public async Task A_bad_projections_file_is_refused_naming_the_field(string yaml, string message)
    {
        var projections = _cluster.PathUnderRoot("bad.yaml");
        File.WriteAllText(projections, yaml);

        var agent = await AtrestChild.RunAsync(["agent", "-f", projections, "--kubeconfig", _cluster.Server.KubeconfigPath]);

        Assert.True(agent.ExitCode == 1, agent.Transcript);
        Assert.Contains(message, agent.Stderr, StringComparison.Ordinal);
    }
}
