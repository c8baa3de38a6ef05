namespace AtRest.Cli.Commands.Server;

/// <summary>
/// What the data directory held when this server took its lock, so that a start-up that fails removes what it
/// created (a new key, certificates, an empty database) and leaves the directory as it found it.
/// </summary>
internal sealed class StartupFootprint
{
    private readonly string _directory;
    private readonly bool _directoryExisted;
    private readonly HashSet<string> _entries;

    private StartupFootprint(string directory, bool directoryExisted, HashSet<string> entries)
    {
        _directory = directory;
        _directoryExisted = directoryExisted;
        _entries = entries;
    }

    /// <summary>Records the entries of <paramref name="directory"/>, which existed before this start when <paramref name="directoryExisted"/>.</summary>
    public static StartupFootprint Take(string directory, bool directoryExisted) =>
        new(directory, directoryExisted, Entries(directory).ToHashSet(StringComparer.Ordinal));

    /// <summary>Deletes every file and folder that appeared since <see cref="Take"/>, and the directory itself when this start created it.</summary>
    public void RemoveWhatStartupCreated()
    {
        try
        {
            if (!_directoryExisted)
            {
                Directory.Delete(_directory, recursive: true);
                return;
            }

            // Deepest first, so that a new folder is empty when its turn comes.
            foreach (var entry in Entries(_directory).Where(IsNew).OrderByDescending(entry => entry.Length))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Start-up already failed for the reason reported; what cannot be removed stays for the next start to reuse.
        }
    }

    // The -wal and -shm files of a database that was already there are SQLite's to manage: it may still need them.
    private bool IsNew(string entry) =>
        !_entries.Contains(entry)
        && !((entry.EndsWith("-wal", StringComparison.Ordinal) || entry.EndsWith("-shm", StringComparison.Ordinal))
             && _entries.Contains(entry[..^4]));

    // Start-up writes in the directory and in tls/ only; deeper trees are nobody's business here.
    private static IEnumerable<string> Entries(string directory) => Directory.Exists(directory)
        ? Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, AttributesToSkip = 0 })
        : [];
}
