namespace AtRest.Storage.Sqlite;

/// <summary>
/// Keeps the database and its <c>-wal</c> and <c>-shm</c> files readable by their owner only (0600): they hold every
/// stored value, and SQLite would create the database 0644 under the usual umask.
/// </summary>
internal static class SqliteFileModes
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates a missing database file empty with mode 0600 (SQLite takes an empty file as a new database, and gives
    /// the <c>-wal</c> and <c>-shm</c> files it creates the database file's mode), and takes group and other access
    /// away from the files that already exist.
    /// </summary>
    public static void RestrictToOwner(string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using (new FileStream(databasePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            {
            }
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // It exists already; its mode is checked below.
        }

        foreach (var path in (string[])[databasePath, databasePath + "-wal", databasePath + "-shm"])
        {
            try
            {
                if (File.Exists(path) && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
                {
                    File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~GroupOrOther);
                }
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's file, opened to be read: only its owner can change its mode.
            }
        }
    }
}
