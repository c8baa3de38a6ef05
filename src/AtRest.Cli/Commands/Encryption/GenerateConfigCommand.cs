using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Configuration;

namespace AtRest.Cli.Commands.Encryption;

/// <summary>
/// <c>atrest encryption generate-config --provider secretbox|aescbc|aesgcm [--resources secrets,configmaps] [-o FILE] [--force]</c>:
/// a configuration with a fresh 32-byte key named <c>key1</c>, followed by <c>identity</c> so existing plaintext stays readable.
/// </summary>
internal static class GenerateConfigCommand
{
    internal static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "The encrypting provider.", Required = true };
        provider.AcceptOnlyFromAmong("secretbox", "aescbc", "aesgcm");
        var resources = new Option<string>("--resources")
        {
            Description = "Comma-separated resources to encrypt.",
            DefaultValueFactory = _ => "secrets",
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file (mode 0600) instead of stdout." };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };

        var command = new Command("generate-config", "Print an EncryptionConfiguration with a fresh random key.")
        {
            provider, resources, output, force,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(provider), parse.GetValue(resources)!, parse.GetValue(output), parse.GetValue(force)));
        return command;
    }

    private static int Run(string provider, string resourceList, FileInfo? output, bool force)
    {
        var names = resourceList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            Console.Error.WriteLine("error: --resources names no resource");
            return 1;
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var yaml = Render(provider, names, Convert.ToBase64String(key));
        CryptographicOperations.ZeroMemory(key);
        var bytes = Encoding.UTF8.GetBytes(yaml);
        try
        {
            foreach (var warning in EncryptionConfigurationLoader.LoadFromBytes(bytes, "generated configuration").Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }
        }
        catch (EncryptionConfigurationException e)
        {
            Console.Error.WriteLine($"error: the generated configuration is not valid: {e.Message}");
            return 1;
        }

        if (output is null)
        {
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(bytes);
            return 0;
        }

        return WriteFile(output.FullName, bytes, force);
    }

    private static int WriteFile(string path, byte[] bytes, bool force)
    {
        var options = new FileStreamOptions
        {
            Mode = force ? FileMode.Create : FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(path, options))
            {
                stream.Write(bytes);
            }

            if (!OperatingSystem.IsWindows())
            {
                // An overwritten file keeps its old mode; a key file must not stay readable by others.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (IOException) when (!force && File.Exists(path))
        {
            Console.Error.WriteLine($"error: {path} already exists; refusing to overwrite it (use --force)");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot write {path}: {e.Message}");
            return 1;
        }

        Console.Error.WriteLine($"wrote {path}");
        return 0;
    }

    private static string Render(string provider, string[] resources, string secret)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: apiserver.config.k8s.io/v1\n");
        sb.Append("kind: EncryptionConfiguration\n");
        sb.Append("resources:\n");
        sb.Append("  - resources:\n");
        foreach (var resource in resources)
        {
            sb.Append("      - ").Append(YamlString(resource)).Append('\n');
        }

        sb.Append("    providers:\n");
        sb.Append("      - ").Append(provider).Append(":\n");
        sb.Append("          keys:\n");
        sb.Append("            - name: key1\n");
        sb.Append("              secret: ").Append(secret).Append('\n');
        sb.Append("      - identity: {}\n");
        return sb.ToString();
    }

    // Plain when safe; quoted when YAML would misread it (a leading '*' is an alias, for example).
    private static string YamlString(string value) =>
        value.Length > 0 && char.IsAsciiLetterLower(value[0]) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
            ? value
            : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
