namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>
/// A reference that cannot be satisfied stops <c>atrest run</c> before CMD starts, with exit code 125 and an error
/// that names the reference (kubelet's texts where kubelet has one); nothing is left behind.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunReferenceErrorTests(ArticleClusterFixture fixture) : IClassFixture<ArticleClusterFixture>
{
    private ArticleCluster Cluster => fixture.Cluster;

    [Theory]
    [InlineData("--env PASSWORD=secret3/pass: secrets \"secret3\" not found", "--env", "PASSWORD=secret3/pass")]
    [InlineData("--env PASSWORD=secret2/password: couldn't find key password in Secret default/secret2", "--env", "PASSWORD=secret2/password")]
    [InlineData("--env-from configmap/nothere: configmaps \"nothere\" not found", "--env-from", "configmap/nothere")]
    [InlineData("volume secret9:DIR: secrets \"secret9\" not found", "--volume", "secret9:DIR")]
    [InlineData("volume secret1:DIR:items=nokey: secret default/secret1 references non-existent secret key: nokey", "--volume", "secret1:DIR:items=nokey")]
    [InlineData("volume \"secret1:DIR:mode=01000\": defaultMode: Invalid value: \"01000\": must be a number between 0 and 0777 (octal), both inclusive", "--volume", "secret1:DIR:mode=01000")]
    [InlineData("--volume \"secret1:DIR:mode=0999\": defaultMode: Invalid value: \"0999\": must be an octal number such as 0400", "--volume", "secret1:DIR:mode=0999")]
    [InlineData("items[0].path: Invalid value: \"../x\": must not contain '..'", "--volume", "secret1:DIR:items=user=../x")]
    [InlineData("items[0].path: Invalid value: \"/x\": must be a relative path", "--volume", "secret1:DIR:items=user=/x")]
    [InlineData("items[0].mode: Invalid value: \"01000\": must be a number between 0 and 0777 (octal), both inclusive", "--volume", "secret1:DIR:items=user@1000")]
    public async Task A_bad_reference_is_named_and_CMD_is_not_started(string message, string flag, string value)
    {
        var dir = Cluster.PathUnderRoot($"errors/{Guid.NewGuid():N}");
        var marker = dir + ".started";
        var run = await AtrestChild.RunAsync(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--volume", $"secret1:{dir}-ok", flag, value.Replace("DIR", dir, StringComparison.Ordinal),
            "--", "touch", marker,
        ]);

        Assert.True(run.ExitCode == 125, run.Transcript);
        Assert.Contains(message.Replace("DIR", dir, StringComparison.Ordinal), run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), $"CMD ran\n{run.Transcript}");
        Assert.False(Directory.Exists(dir + "-ok") && Directory.EnumerateFileSystemEntries(dir + "-ok").Any(), $"files were left in {dir}-ok\n{run.Transcript}");
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_named_and_CMD_is_not_started()
    {
        var kubeconfig = Cluster.PathUnderRoot("unreachable.kubeconfig");
        var port = AtRest.Tests.Shared.Etcd.FreeTcpPort.Take(1)[0];
        var text = File.ReadAllText(Cluster.Server.KubeconfigPath).Replace(Cluster.Server.Url, $"https://127.0.0.1:{port}", StringComparison.Ordinal);
        File.WriteAllText(kubeconfig, text);
        var marker = Cluster.PathUnderRoot("unreachable.started");

        var run = await AtrestChild.RunAsync(["run", "--kubeconfig", kubeconfig, "--env", "PASSWORD=secret2/pass", "--", "touch", marker]);

        Assert.True(run.ExitCode == 125, run.Transcript);
        Assert.Contains($"cannot read secret default/secret2 from https://127.0.0.1:{port}/", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("--env \"PASSWORD\": expected NAME=SECRET/KEY or NAME=configmap/NAME/KEY", "--env", "PASSWORD")]
    [InlineData("--env-from \"Secret_2\": name \"Secret_2\": a lowercase RFC 1123 subdomain", "--env-from", "Secret_2")]
    [InlineData("--volume \"pod/secret1:/tmp/x\": unknown kind \"pod\": use secret or configmap", "--volume", "pod/secret1:/tmp/x")]
    [InlineData("--volume \"secret1:/tmp/x:mode=0400:mdoe=1\": unknown option \"mdoe\"", "--volume", "secret1:/tmp/x:mode=0400:mdoe=1")]
    public async Task A_malformed_argument_is_named(string message, string flag, string value)
    {
        var run = await AtrestChild.RunAsync(["run", "--kubeconfig", Cluster.Server.KubeconfigPath, flag, value, "--", "true"]);

        Assert.True(run.ExitCode == 125, run.Transcript);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}
