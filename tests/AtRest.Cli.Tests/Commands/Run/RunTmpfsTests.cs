namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>
/// A volume on tmpfs gets no warning; one on a disk filesystem gets a warning that the values will be stored on
/// disk (all directories the command creates are 0700). What each folder is on is read independently from /proc/mounts (the command uses statfs).
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RunTmpfsTests(ArticleClusterFixture fixture) : IClassFixture<ArticleClusterFixture>
{
    private ArticleCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task The_warning_appears_exactly_when_the_volume_is_not_on_tmpfs()
    {
        var onShm = Path.Combine("/dev/shm", $"atrest-test-{Guid.NewGuid():N}", "secret1");
        // The build output is on a disk on any usual machine (temp folders may be tmpfs).
        var onRoot = Path.Combine(AppContext.BaseDirectory, $"atrest-test-{Guid.NewGuid():N}", "secret1");
        try
        {
            foreach (var dir in new[] { onShm, onRoot })
            {
                var run = await AtrestChild.RunAsync(
                [
                    "run", "--kubeconfig", Cluster.Server.KubeconfigPath, "--volume", $"secret1:{dir}",
                    "--", "sh", "-c", $"stat -c %a {dir}; cat {dir}/user",
                ]);

                Assert.True(run.ExitCode == 0, run.Transcript);
                Assert.Equal("700\nadmin", run.Stdout.TrimEnd());
                var warned = run.Stderr.Contains($"warning: {dir} is not on tmpfs", StringComparison.Ordinal);
                Assert.True(warned == !IsMemoryFileSystem(dir), $"{dir} on {FileSystemType(dir)}\n{run.Transcript}");
                Assert.False(Directory.Exists(dir));
            }

            Assert.NotEqual(IsMemoryFileSystem(onShm), IsMemoryFileSystem(onRoot));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(onShm)!, recursive: true);
            Directory.Delete(Path.GetDirectoryName(onRoot)!, recursive: true);
        }
    }

    private static bool IsMemoryFileSystem(string path) => FileSystemType(path) is "tmpfs" or "ramfs";

    // The type of the mount with the longest mount point that contains path.
    private static string FileSystemType(string path) =>
        File.ReadAllLines("/proc/mounts")
            .Select(line => line.Split(' '))
            .Where(f => f.Length > 2 && (path.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal) || f[1] == "/"))
            .OrderByDescending(f => f[1].Length)
            .First()[2];
}
