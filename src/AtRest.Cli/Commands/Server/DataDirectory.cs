using AtRest.Storage;

namespace AtRest.Cli.Commands.Server;

/// <summary>Where the server keeps its state when <c>--data-dir</c> is not given.</summary>
internal static class DataDirectory
{
    /// <summary><c>$XDG_DATA_HOME/atrest</c>, or <c>~/.local/share/atrest</c> when XDG_DATA_HOME is unset.</summary>
    public static string Default
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "atrest");
            }

            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".local", "share", "atrest");
        }
    }

    /// <summary>The embedded SQLite file inside <paramref name="dataDirectory"/>, where <see cref="KeyValueStoreFactory"/> opens it too.</summary>
    public static string SqliteFile(string dataDirectory) => KeyValueStoreFactory.SqlitePath(null, dataDirectory);

    /// <summary>The generated encryption configuration inside <paramref name="dataDirectory"/>.</summary>
    public static string EncryptionConfig(string dataDirectory) => Path.Combine(dataDirectory, "encryption-config.yaml");
}
