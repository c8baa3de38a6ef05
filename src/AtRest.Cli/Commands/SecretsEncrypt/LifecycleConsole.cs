using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using Spectre.Console;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>Runs a <c>secrets-encrypt</c> action: one <c>Error:</c> line and exit 1 for anything that stops it.</summary>
internal static class LifecycleConsole
{
    /// <summary>Exit code when the command worked and found something to fix (unencrypted or unreadable objects).</summary>
    public const int NeedsAttention = 2;

    /// <summary>A console for tables on standard output; wide when redirected, so keys are not wrapped.</summary>
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>Writes <paramref name="report"/> as indented JSON.</summary>
    public static void WriteJson<T>(T report) => Console.Out.WriteLine(JsonSerializer.Serialize(report, LifecycleJson.Options));

    /// <summary>Runs <paramref name="action"/>, turning the failures a user can fix into one line on standard error.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ArgumentException or LifecycleException or EncryptionConfigurationException or IOException
            or UnauthorizedAccessException or StorageUnavailableException or InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"Error: {e.Message}");
            return 1;
        }
    }
}
