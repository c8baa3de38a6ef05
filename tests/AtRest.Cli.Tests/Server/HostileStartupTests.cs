using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

/// <summary>
/// Start-up errors as a careless operator meets them: each is one line, exits non-zero and creates nothing — no data
/// directory, no key, no certificate — and no stack trace reaches the console unless <c>--verbose</c> asks for it.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileStartupTests : IDisposable
{
    private readonly TempDirectory _scratch = new("hostile-startup");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Port_in_use_is_one_line_and_creates_no_data_directory()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = _scratch.File("data");

        var (exit, output) = await RunServerAsync("--data-dir", data, "--secure-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, exit);
        var line = Assert.Single(Lines(output));
        Assert.Equal($"Error: failed to create listener: failed to listen on 127.0.0.1:{port}: listen tcp 127.0.0.1:{port}: bind: address already in use", line);
        Assert.False(Directory.Exists(data), $"start-up created {data} although the port was in use");
    }

    [Fact]
    public async Task Port_in_use_leaves_an_existing_data_directory_as_it_was()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Directory.CreateDirectory(_scratch.File("data")).FullName;
        File.WriteAllText(Path.Combine(data, "notes.txt"), "the operator's own file\n");
        var modeBefore = File.GetUnixFileMode(data);

        var (exit, output) = await RunServerAsync("--data-dir", data, "--secure-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, exit);
        Assert.Single(Lines(output));
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName));
        Assert.Equal(modeBefore, File.GetUnixFileMode(data));
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace_after_the_one_line()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (quietExit, quiet) = await RunServerAsync("--data-dir", _scratch.File("quiet"), "--secure-port", port);
        var (verboseExit, verbose) = await RunServerAsync("--data-dir", _scratch.File("verbose"), "--secure-port", port, "-v");

        Assert.NotEqual(0, quietExit);
        Assert.NotEqual(0, verboseExit);
        Assert.DoesNotContain("   at ", quiet, StringComparison.Ordinal);
        Assert.StartsWith("Error: failed to create listener", Lines(verbose)[0], StringComparison.Ordinal);
        Assert.Contains("   at ", verbose, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "--bogus")]
    [InlineData("Cannot parse argument 'abc' for option '--secure-port'", "--secure-port", "abc")]
    [InlineData("invalid argument \"nope\" for \"--bind-address\" flag", "--bind-address", "nope")]
    public async Task Bad_flags_are_one_line_without_the_help_text(string message, params string[] flags)
    {
        var data = _scratch.File("data");

        var (exit, output) = await RunServerAsync(["--data-dir", data, .. flags]);

        Assert.NotEqual(0, exit);
        var line = Assert.Single(Lines(output));
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task A_serving_certificate_that_is_not_PEM_is_one_line_and_creates_no_CA()
    {
        var certificate = _scratch.File("serving.crt");
        var key = _scratch.File("serving.key");
        File.WriteAllText(certificate, "this is not a certificate\n");
        File.WriteAllText(key, "nor is this a key\n");
        var data = _scratch.File("data");

        var (exit, output) = await RunServerAsync("--data-dir", data, "--secure-port", "0", "--tls-cert-file", certificate, "--tls-private-key-file", key);

        Assert.NotEqual(0, exit);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith("Error: cannot load the certificate or key at " + certificate, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "a new CA and key were left in the data directory of a start that failed");
    }

    [Fact]
    public async Task A_malformed_encryption_configuration_is_one_line_and_creates_no_data_directory()
    {
        var config = _scratch.File("encryption.yaml");
        File.WriteAllText(config, "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [ {\n");
        var data = _scratch.File("data");

        var (exit, output) = await RunServerAsync("--data-dir", data, "--secure-port", "0", "--encryption-provider-config", config);

        Assert.NotEqual(0, exit);
        Assert.Single(Lines(output), line => line.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "the data directory of a start that failed was left behind");
    }

    [Fact]
    public async Task An_unreadable_encryption_configuration_is_one_line_and_creates_no_data_directory()
    {
        // Root reads every file, so the server runs as user nobody and the configuration stays root's own (0600).
        File.SetUnixFileMode(_scratch.Path, (UnixFileMode)Convert.ToInt32("777", 8));
        var config = _scratch.File("encryption.yaml");
        File.WriteAllText(config, "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: []\n");
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var data = _scratch.File("data");

        var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])
                 [
                     "--reuid=65534", "--regid=65534", "--clear-groups", "env", $"HOME={_scratch.Path}", $"DOTNET_CLI_HOME={_scratch.Path}",
                     "dotnet", AtRestServer.AtrestDll, "server", "--data-dir", data, "--secure-port", "0", "--encryption-provider-config", config,
                 ])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.NotEqual(0, process.ExitCode);
        var line = Assert.Single(Lines(output));
        Assert.Contains($"\"{config}\": open {config}: permission denied", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "the data directory of a start that failed was left behind");
    }

    /// <summary>The start-up output, stdout and stderr together, as the operator's console shows it.</summary>
    private static async Task<(int ExitCode, string Output)> RunServerAsync(params string[] arguments)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(["server", .. arguments], timeout.Token);
        return (exit, System.Text.Encoding.UTF8.GetString(stdout) + stderr);
    }

    // Progress lines ("atrest: ...") are not errors; everything else the console shows must be the one error line.
    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("atrest: ", StringComparison.Ordinal))
            .ToArray();
}
