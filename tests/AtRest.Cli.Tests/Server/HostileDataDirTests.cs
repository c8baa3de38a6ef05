using System.Diagnostics;
using System.Globalization;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

/// <summary>
/// The data directory against another local user and a second server: it is 0700 with every file 0600 (SQLite's
/// included), an existing looser directory is tightened, and one server at a time uses it.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileDataDirTests : IDisposable
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly TempDirectory _scratch = new("hostile-data-dir");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task An_existing_0755_directory_is_tightened_and_no_file_in_it_is_readable_by_another_user()
    {
        var data = Directory.CreateDirectory(_scratch.File("data")).FullName;
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8));

        await using var server = await AtRestServer.StartAsync(data, cancellationToken: Cancel);
        await CreateSecretAsync(server);

        Assert.Contains($"atrest: took group and other access away from {data} (0755 -> 0700)", server.Log, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories);
        Assert.Contains(Path.Combine(data, "state.db"), files);
        Assert.Contains(Path.Combine(data, "state.db-wal"), files);
        Assert.Contains(Path.Combine(data, "state.db-shm"), files);
        foreach (var entry in Directory.GetFileSystemEntries(data, "*", SearchOption.AllDirectories))
        {
            Assert.True((File.GetUnixFileMode(entry) & GroupOrOther) == 0, $"{entry} is {File.GetUnixFileMode(entry)}");
        }

        // Even were the folder opened to others again, each file keeps them out on its own.
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8));
        try
        {
            foreach (var file in files)
            {
                var (exit, stderr) = await ReadAsNobodyAsync(file);
                Assert.True(exit != 0, $"user nobody read {file}");
                Assert.Contains("Permission denied", stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("700", 8));
        }
    }

    [Fact]
    public async Task Existing_SQLite_files_with_mode_0644_are_tightened_on_start()
    {
        var data = _scratch.File("data");
        await using (var first = await AtRestServer.StartAsync(data, cancellationToken: Cancel))
        {
            await CreateSecretAsync(first);
        }

        var database = Path.Combine(data, "state.db");
        File.SetUnixFileMode(database, (UnixFileMode)Convert.ToInt32("644", 8));
        File.SetUnixFileMode(Path.Combine(data, "token"), (UnixFileMode)Convert.ToInt32("644", 8));

        await using var server = await AtRestServer.StartAsync(data, cancellationToken: Cancel);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "token")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database + "-shm"));
    }

    [Fact]
    public async Task A_second_server_on_the_same_directory_exits_naming_the_first_and_touches_nothing()
    {
        var data = _scratch.File("data");
        await using var first = await AtRestServer.StartAsync(data, cancellationToken: Cancel);
        var pid = int.Parse(File.ReadAllText(Path.Combine(data, "atrest.lock")).Trim(), CultureInfo.InvariantCulture);
        var before = Snapshot(data);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(["server", "--data-dir", data, "--secure-port", "0"], timeout.Token);

        Assert.NotEqual(0, exit);
        Assert.Equal(
            $"Error: another atrest server (pid {pid}) is already running on the data directory {data} (it holds {Path.Combine(data, "atrest.lock")}); stop it or choose another --data-dir",
            stderr.Trim());
        Assert.Empty(stdout);
        Assert.Equal(before, Snapshot(data));
        using var client = ServerAdminClient.Create(first, TimeSpan.FromSeconds(30));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_lock_of_a_killed_server_does_not_block_the_next_start()
    {
        var data = _scratch.File("data");
        await using var first = await AtRestServer.StartAsync(data, cancellationToken: Cancel);
        var pid = int.Parse(File.ReadAllText(Path.Combine(data, "atrest.lock")).Trim(), CultureInfo.InvariantCulture);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
            await process.WaitForExitAsync(Cancel);
        }

        await using var second = await AtRestServer.StartAsync(data, cancellationToken: Cancel);

        using var client = ServerAdminClient.Create(second, TimeSpan.FromSeconds(30));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default", Cancel)).StatusCode);
    }

    private static async Task CreateSecretAsync(AtRestServer server)
    {
        using var client = ServerAdminClient.Create(server, TimeSpan.FromSeconds(30));
        using var body = new StringContent(
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"private"},"stringData":{"password":"not-for-other-users"}}""",
            System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/v1/namespaces/default/secrets", body, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<(int ExitCode, string Stderr)> ReadAsNobodyAsync(string file)
    {
        var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "cat", file])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Cancel);
        var stderr = process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    // Every entry with its mode, size, modification time and a digest of its content.
    // The running server refreshes its server record in the store every 10 s (ServerHeartbeat), so the SQLite files'
    // content may change while it runs; their names and modes may not.
    private static string Snapshot(string directory) => string.Join('\n', Directory
        .GetFileSystemEntries(directory, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(entry => Directory.Exists(entry)
            ? $"{entry}/ {File.GetUnixFileMode(entry)}"
            : Path.GetFileName(entry).StartsWith("state.db", StringComparison.Ordinal)
                ? $"{entry} {File.GetUnixFileMode(entry)}"
                : $"{entry} {File.GetUnixFileMode(entry)} {new FileInfo(entry).Length} {File.GetLastWriteTimeUtc(entry):O} "
                  + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(entry)))));
}
