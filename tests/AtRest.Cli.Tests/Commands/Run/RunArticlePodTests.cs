using System.Text.RegularExpressions;

namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>
/// The article's Pod on AtRest: <c>PASSWORD</c> from <c>secret2</c>'s <c>pass</c> and <c>secret1</c> mounted at
/// <c>/etc/secret1</c> (a temp folder stands for <c>/</c>), through the real <c>atrest run</c> and a real shell,
/// plus the rest of kubelet's projection rules: layout, items, modes, ConfigMaps, optional, envFrom names.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class RunArticlePodTests(ArticleClusterFixture fixture) : IClassFixture<ArticleClusterFixture>
{
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private ArticleCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task The_articles_pod_sees_PASSWORD_12345678_and_etc_secret1_user_admin()
    {
        var etc = Cluster.PathUnderRoot("pod/etc/secret1");
        var run = await AtrestChild.RunAsync(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--env", "PASSWORD=secret2/pass", "--volume", $"secret1:{etc}",
            "--", "sh", "-c", $"echo \"PASSWORD=$PASSWORD\"; echo \"user=$(cat {etc}/user)\"",
        ]);

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains("PASSWORD=12345678\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("user=admin\n", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(etc), $"{etc} should be removed when CMD exits\n{run.Transcript}");
        Assert.DoesNotContain("12345678", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kubeconfig_comes_from_KUBECONFIG_when_no_flag_is_given()
    {
        var run = await AtrestChild.RunAsync(["run", "-n", "default", "--env", "PASSWORD=secret2/pass", "--", "sh", "-c", "echo \"PASSWORD=$PASSWORD\""],
            kubeconfigVariable: Cluster.Server.KubeconfigPath);

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains("PASSWORD=12345678\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kubeconfig_with_a_bearer_token_works_and_a_wrong_token_is_refused_before_CMD_starts()
    {
        var ca = CertificateAuthorityData().Match(File.ReadAllText(Cluster.Server.KubeconfigPath)).Groups[1].Value;
        var token = File.ReadAllText(Path.Combine(Cluster.Server.DataDirectory, "token")).Trim();
        var good = Cluster.PathUnderRoot("token.kubeconfig");
        var bad = Cluster.PathUnderRoot("bad-token.kubeconfig");
        File.WriteAllText(good, TokenKubeconfig(ca, token));
        File.WriteAllText(bad, TokenKubeconfig(ca, "not-the-token"));
        var marker = Cluster.PathUnderRoot("bad-token.started");

        var run = await AtrestChild.RunAsync(["run", "--kubeconfig", good, "--env", "PASSWORD=secret2/pass", "--", "sh", "-c", "echo \"PASSWORD=$PASSWORD\""]);
        var refused = await AtrestChild.RunAsync(["run", "--kubeconfig", bad, "--env", "PASSWORD=secret2/pass", "--", "touch", marker]);

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains("PASSWORD=12345678\n", run.Stdout, StringComparison.Ordinal);
        Assert.True(refused.ExitCode == 125, refused.Transcript);
        Assert.Contains("cannot read secret default/secret2 from", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("401", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, refused.Stderr + run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task With_keep_the_volume_has_kubelets_atomic_writer_layout()
    {
        var etc = Cluster.PathUnderRoot("layout/etc/secret1");
        var run = await AtrestChild.RunAsync(["run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--keep", "--volume", $"secret1:{etc}", "--", "true"]);

        Assert.True(run.ExitCode == 0, run.Transcript);
        var data = new FileInfo(Path.Combine(etc, "..data"));
        Assert.NotNull(data.LinkTarget);
        Assert.Matches(VersionDirectory(), data.LinkTarget);
        Assert.Equal(new[] { "..data", data.LinkTarget, "user" }.Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(etc).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("..data/user", new FileInfo(Path.Combine(etc, "user")).LinkTarget);
        Assert.Equal("admin", File.ReadAllText(Path.Combine(etc, "user")));
        Assert.Equal(Mode0644, File.GetUnixFileMode(Path.Combine(etc, data.LinkTarget, "user")));
        Assert.Equal(Mode0700, File.GetUnixFileMode(etc));
        Assert.Equal(Mode0700, File.GetUnixFileMode(Path.Combine(etc, data.LinkTarget)));
    }

    [Fact]
    public async Task Items_put_keys_at_their_paths_with_their_modes_and_the_default_mode()
    {
        var dir = Cluster.PathUnderRoot("items/etc/creds");
        var run = await AtrestChild.RunAsync(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--keep",
            "--volume", $"secret1:{dir}:mode=0400:items=user=login/name@0440",
            "--volume", $"secret2:{dir}2:mode=0400:items=pass",
            "--", "true",
        ]);

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Equal("admin", File.ReadAllText(Path.Combine(dir, "login", "name")));
        Assert.Equal("..data/login", new FileInfo(Path.Combine(dir, "login")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(dir, "user")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(dir, "..data", "login", "name")));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(dir + "2", "..data", "pass")));
    }

    [Fact]
    public async Task ConfigMaps_work_the_same_way_as_secrets()
    {
        await Cluster.CreateConfigMapAsync("app-config", new() { ["greeting"] = "hello", ["LEVEL"] = "debug" }, TestContext.Current.CancellationToken);
        var dir = Cluster.PathUnderRoot("cm/etc/app");
        var run = await AtrestChild.RunAsync(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--env-from", "configmap/app-config:prefix=APP_",
            "--env", "GREETING=configmap/app-config/greeting", "--volume", $"configmap/app-config:{dir}",
            "--", "sh", "-c", $"echo \"$APP_LEVEL $APP_greeting $GREETING $(cat {dir}/greeting)\"",
        ]);

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains("debug hello hello hello\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optional_references_to_missing_objects_and_keys_leave_variables_unset_and_volumes_empty()
    {
        var dir = Cluster.PathUnderRoot("optional/etc/none");
        var run = await AtrestChild.RunAsync(
        [
            "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--keep",
            "--env", "A=nothere/key:optional", "--env", "B=secret2/nokey:optional", "--env-from", "nothere2:optional",
            "--volume", $"nothere3:{dir}:optional", "--volume", $"secret1:{dir}2:items=user,nokey:optional",
            "--", "sh", "-c", "echo \"A=${A-unset} B=${B-unset}\"",
        ]);

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains("A=unset B=unset\n", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(dir, "..data")));
        Assert.Equal(["user"], Directory.EnumerateFileSystemEntries(Path.Combine(dir + "2", "..data")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task EnvFrom_keys_that_are_not_valid_names_are_skipped_with_kubelets_warning_under_the_strict_rule()
    {
        await Cluster.CreateSecretAsync("odd-keys", new() { ["1badkey"] = "one", ["good.key"] = "two", ["OK"] = "three" }, TestContext.Current.CancellationToken);
        string[] common = ["run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--env-from", "odd-keys"];

        var strict = await AtrestChild.RunAsync([.. common, "--strict-env-names", "--", "env"]);
        var relaxed = await AtrestChild.RunAsync([.. common, "--", "env"]);

        Assert.True(strict.ExitCode == 0, strict.Transcript);
        Assert.Contains("Keys [1badkey] from the EnvFrom secret default/odd-keys were skipped since they are considered invalid environment variable names.",
            strict.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("1badkey=", strict.Stdout, StringComparison.Ordinal);
        Assert.Contains("good.key=two\n", strict.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK=three\n", strict.Stdout, StringComparison.Ordinal);

        // Since Kubernetes 1.32 (the version AtRest reports) any printable ASCII name without '=' is kept.
        Assert.True(relaxed.ExitCode == 0, relaxed.Transcript);
        Assert.Contains("1badkey=one\n", relaxed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", relaxed.Stderr, StringComparison.Ordinal);
    }

    private string TokenKubeconfig(string ca, string token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: atrest
          cluster:
            server: {Cluster.Server.Url}
            certificate-authority-data: {ca}
        users:
        - name: token-user
          user:
            token: {token}
        contexts:
        - name: token
          context:
            cluster: atrest
            user: token-user
            namespace: default
        current-context: token
        """;

    [GeneratedRegex(@"certificate-authority-data: (\S+)")]
    private static partial Regex CertificateAuthorityData();

    [GeneratedRegex(@"^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+\z")]
    private static partial Regex VersionDirectory();
}
