using AtRest.Cli.Commands.Run;

namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>CMD's exit code is <c>atrest run</c>'s; SIGTERM and SIGINT sent to atrest reach CMD; files go when CMD ends.</summary>
[Trait("Category", "Integration")]
public sealed class RunSignalTests(ArticleClusterFixture fixture) : IClassFixture<ArticleClusterFixture>
{
    private ArticleCluster Cluster => fixture.Cluster;

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 7", 7)]
    [InlineData("kill -9 $$", 137)]
    public async Task CMDs_exit_code_is_passed_through(string script, int expected)
    {
        var run = await AtrestChild.RunAsync(["run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--env", "PASSWORD=secret2/pass", "--", "sh", "-c", script]);

        Assert.True(run.ExitCode == expected, run.Transcript);
    }

    [Theory]
    [InlineData(Native.SigTerm, "TERM", 42)]
    [InlineData(Native.SigInt, "INT", 43)]
    public async Task A_signal_to_atrest_reaches_CMD_and_CMDs_answer_is_the_exit_code(int signal, string name, int code)
    {
        var etc = Cluster.PathUnderRoot($"signal-{name}/etc/secret1");
        await using var run = AtrestChild.Start(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--volume", $"secret1:{etc}",
            "--", "sh", "-c", $"trap 'echo got-{name}; exit {code}' {name}; echo ready; while :; do sleep 0.1; done",
        ]);
        await run.WaitForStdoutAsync("ready");
        Assert.Equal("admin", File.ReadAllText(Path.Combine(etc, "user")));

        run.Signal(signal);

        Assert.Equal(code, await run.WaitForExitAsync());
        Assert.Contains($"got-{name}", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(etc), $"{etc} should be removed when CMD exits\n{run.Transcript}");
    }

    [Fact]
    public async Task A_command_that_does_not_exist_exits_127_and_leaves_no_files()
    {
        var etc = Cluster.PathUnderRoot("missing-cmd/etc/secret1");
        var run = await AtrestChild.RunAsync(["run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--volume", $"secret1:{etc}", "--", "/no/such/program"]);

        Assert.True(run.ExitCode == 127, run.Transcript);
        Assert.Contains("cannot run /no/such/program", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(etc));
    }
}
