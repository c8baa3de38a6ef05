using System.Diagnostics;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary>
/// A fresh SoftHSM2 token (Debian's softhsm2) in a temp directory: its own <c>SOFTHSM2_CONF</c>, initialised with
/// <c>softhsm2-util --init-token</c>, and a PIN file. The plugin process gets <see cref="Environment"/>.
/// </summary>
internal sealed class SoftHsmToken : IDisposable
{
    public const string Module = "/usr/lib/softhsm/libsofthsm2.so";
    public const string Label = "atrest-test";
    private readonly TempDirectory _directory = new("softhsm");

    private SoftHsmToken()
    {
    }

    public string ConfigPath => _directory.File("softhsm2.conf");

    public string PinFile => _directory.File("pin");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SOFTHSM2_CONF"] = ConfigPath };

    /// <summary>The <c>--backend pkcs11 …</c> flags for this token.</summary>
    public IReadOnlyList<string> BackendArguments => ["--backend", "pkcs11", "--pkcs11-module", Module, "--pkcs11-token", Label, "--pkcs11-pin-file", PinFile];

    public static async Task<SoftHsmToken> CreateAsync()
    {
        Assert.True(File.Exists(Module), $"{Module} is missing: install Debian's softhsm2 (scripts/test does)");
        var token = new SoftHsmToken();
        Directory.CreateDirectory(token._directory.File("tokens"));
        await File.WriteAllTextAsync(token.ConfigPath, $"directories.tokendir = {token._directory.File("tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");
        await File.WriteAllTextAsync(token.PinFile, "1234\n");
        var info = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--init-token", "--free", "--label", Label, "--pin", "1234", "--so-pin", "5678"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SOFTHSM2_CONF"] = token.ConfigPath;
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"softhsm2-util --init-token failed: {output}");
        return token;
    }

    public void Dispose() => _directory.Dispose();
}
