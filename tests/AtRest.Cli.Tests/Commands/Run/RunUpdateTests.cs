using AtRest.Cli.Commands.Run;

namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>
/// Files follow the object through a watch and change as a whole set; a deleted object leaves the last files (or
/// none with <c>--remove-on-delete</c>); variables of a running CMD never change, and <c>--restart-on-change</c>
/// restarts it with the new values (SIGTERM, grace period, SIGKILL).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunUpdateTests(ArticleClusterFixture fixture) : IClassFixture<ArticleClusterFixture>
{
    private const string Loop = "while :; do sleep 0.1; done";
    private ArticleCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_reader_looping_on_the_files_never_sees_keys_from_two_versions()
    {
        var ct = TestContext.Current.CancellationToken;
        await Cluster.CreateSecretAsync("pair", Pair(0), ct);
        var dir = Cluster.PathUnderRoot("torn/etc/pair");
        await using var run = AtrestChild.Start(["run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--volume", $"pair:{dir}", "--", "sh", "-c", $"echo ready; {Loop}"]);
        await run.WaitForStdoutAsync("ready");
        var reader = new SecretPairReader(dir);
        using var stop = new CancellationTokenSource();
        var reading = reader.RunAsync(stop.Token);

        const int updates = 20;
        for (var i = 1; i <= updates; i++)
        {
            await Cluster.ReplaceSecretAsync("pair", Pair(i), ct);
            await Task.Delay(20, ct);
        }

        await run.WaitUntilAsync(() => reader.Last == $"{updates}", $"the reader to see version {updates}");
        await stop.CancelAsync();
        await reading;

        Assert.True(reader.Torn.Count == 0, $"torn reads: {string.Join(", ", reader.Torn.Take(5))}");
        Assert.Equal(0, reader.MissingLinks);
        Assert.True(reader.Versions.Count >= 2, $"the reader saw only versions {string.Join(",", reader.Versions)}");
        Assert.True(reader.Consistent > 0);
        await run.WaitUntilAsync(() => VersionDirectories(dir).Count == 1, "the old version directories to be removed");
        Assert.DoesNotContain("admin-", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variables_stay_as_started_and_a_deleted_secret_leaves_its_last_files()
    {
        var ct = TestContext.Current.CancellationToken;
        await Cluster.CreateSecretAsync("env-kept", new() { ["pass"] = "first" }, ct);
        await Cluster.CreateSecretAsync("files-kept", new() { ["user"] = "admin" }, ct);
        var dir = Cluster.PathUnderRoot("kept/etc/files");
        await using var run = AtrestChild.Start(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--env", "PASSWORD=env-kept/pass", "--volume", $"files-kept:{dir}",
            "--", "sh", "-c", $"echo \"start $PASSWORD\"; {Loop}",
        ]);
        await run.WaitForStdoutAsync("start first");

        await Cluster.ReplaceSecretAsync("env-kept", new() { ["pass"] = "second" }, ct);
        await run.WaitForStderrAsync("secret default/env-kept changed; CMD keeps the environment it started with");
        await Cluster.DeleteSecretAsync("files-kept", ct);
        await run.WaitForStderrAsync("secret default/files-kept was deleted; keeping the last files");

        Assert.Equal("admin", File.ReadAllText(Path.Combine(dir, "user")));
        Assert.DoesNotContain("start second", run.Stdout, StringComparison.Ordinal);
        run.Signal(Native.SigTerm);
        Assert.Equal(143, await run.WaitForExitAsync());
    }

    [Fact]
    public async Task Remove_on_delete_removes_the_files_and_they_come_back_with_the_secret()
    {
        var ct = TestContext.Current.CancellationToken;
        await Cluster.CreateSecretAsync("comes-and-goes", new() { ["user"] = "admin" }, ct);
        var dir = Cluster.PathUnderRoot("remove/etc/files");
        var user = Path.Combine(dir, "user");
        await using var run = AtrestChild.Start(
            ["run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--remove-on-delete", "--volume", $"comes-and-goes:{dir}", "--", "sh", "-c", $"echo ready; {Loop}"]);
        await run.WaitForStdoutAsync("ready");

        await Cluster.DeleteSecretAsync("comes-and-goes", ct);
        await run.WaitUntilAsync(() => !File.Exists(user), "the file to be removed");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(dir, "..data")));

        await Cluster.CreateSecretAsync("comes-and-goes", new() { ["user"] = "back" }, ct);
        await run.WaitUntilAsync(() => File.Exists(user) && File.ReadAllText(user) == "back", "the file to come back");
    }

    [Fact]
    public async Task Restart_on_change_restarts_CMD_with_the_new_values()
    {
        var ct = TestContext.Current.CancellationToken;
        await Cluster.CreateSecretAsync("restarts", new() { ["pass"] = "old" }, ct);
        await using var run = AtrestChild.Start(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--restart-on-change", "--env", "PASSWORD=restarts/pass",
            "--", "sh", "-c", $"trap 'echo stopping; exit 0' TERM; echo \"start $PASSWORD\"; {Loop}",
        ]);
        await run.WaitForStdoutAsync("start old");

        await Cluster.ReplaceSecretAsync("restarts", new() { ["pass"] = "new" }, ct);
        await run.WaitForStdoutAsync("start new");

        Assert.Contains("start old\nstopping\nstart new\n", run.Stdout, StringComparison.Ordinal);
        run.Signal(Native.SigTerm);
        Assert.Equal(0, await run.WaitForExitAsync());
    }

    [Fact]
    public async Task A_CMD_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var ct = TestContext.Current.CancellationToken;
        await Cluster.CreateSecretAsync("stubborn", new() { ["pass"] = "old" }, ct);
        await using var run = AtrestChild.Start(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--restart-on-change", "--grace-period", "1", "--env", "PASSWORD=stubborn/pass",
            "--", "sh", "-c", $"trap '' TERM; echo \"start $PASSWORD\"; {Loop}",
        ]);
        await run.WaitForStdoutAsync("start old");

        await Cluster.ReplaceSecretAsync("stubborn", new() { ["pass"] = "new" }, ct);
        await run.WaitForStdoutAsync("start new");

        Assert.Contains("CMD exited with 137", run.Stderr, StringComparison.Ordinal);
    }

    private static List<string> VersionDirectories(string dir) =>
        Directory.EnumerateDirectories(dir, "..*").Where(d => new DirectoryInfo(d).LinkTarget is null).ToList();

    private static Dictionary<string, string> Pair(int version) => new() { ["user"] = $"admin-{version}", ["pass"] = $"pass-{version}" };
}
