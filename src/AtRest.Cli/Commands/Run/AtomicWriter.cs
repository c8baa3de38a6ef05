using System.Runtime.Versioning;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// kubelet's atomic writer (pkg/volume/util/atomic_writer.go): each version of a volume goes into a fresh hidden
/// directory, and one rename of a symlink publishes it, so a reader sees the old set or the new set, never a mix.
/// <code>
/// DIR/
///   ..2026_11_29_12_40_03.1234567/   the current version (0700), files with their modes
///       user  pass
///   ..data -> ..2026_11_29_12_40_03.1234567     replaced by rename(..data_tmp, ..data)
///   user -> ..data/user                         one per top-level name, created once
///   pass -> ..data/pass
/// </code>
/// An update writes the new directory, swaps <c>..data</c>, adds new top-level links, removes links no longer in
/// the payload, then deletes the old directory.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class AtomicWriter
{
    private const string DataDirName = "..data";
    private const string NewDataDirName = "..data_tmp";
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TimeProvider _time;

    /// <summary>Creates a writer for <paramref name="targetDirectory"/>, which must exist.</summary>
    public AtomicWriter(string targetDirectory, TimeProvider time)
    {
        TargetDirectory = targetDirectory;
        _time = time;
    }

    /// <summary>The volume's directory.</summary>
    public string TargetDirectory { get; }

    /// <summary>Writes <paramref name="payload"/> as the new version; false when it equals the current one.</summary>
    public bool Write(IReadOnlyDictionary<string, FileProjection> payload)
    {
        var errors = payload.Keys.SelectMany(path => ProjectionRules.RelativePath("path", path)).ToList();
        if (errors.Count > 0)
        {
            throw new DeliveryException(string.Join("; ", errors));
        }

        var dataLink = Path.Combine(TargetDirectory, DataDirName);
        var oldVersion = CurrentVersion();
        var oldTopNames = oldVersion is null ? [] : TopLevelNames(ListFiles(Path.Combine(TargetDirectory, oldVersion)));
        if (oldVersion is not null && SameContent(Path.Combine(TargetDirectory, oldVersion), payload))
        {
            return false;
        }

        var newVersion = CreateVersionDirectory();
        var newPath = Path.Combine(TargetDirectory, newVersion);
        foreach (var (relative, file) in payload)
        {
            var full = Path.Combine(newPath, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!, DirectoryMode);
            using (var stream = new FileStream(full, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(file.Data);
                stream.Flush(flushToDisk: false);
            }

            File.SetUnixFileMode(full, (UnixFileMode)file.Mode);
        }

        var tmpLink = Path.Combine(TargetDirectory, NewDataDirName);
        DeleteLinkIfPresent(tmpLink);
        File.CreateSymbolicLink(tmpLink, newVersion);
        Native.RenameOrThrow(tmpLink, dataLink);

        var newTopNames = TopLevelNames(payload.Keys);
        foreach (var name in newTopNames)
        {
            var visible = Path.Combine(TargetDirectory, name);
            var info = new FileInfo(visible);
            if (info.LinkTarget is null && (info.Exists || Directory.Exists(visible)))
            {
                throw new DeliveryException($"{visible} exists and is not a link into {DataDirName}; the volume's directory must be left to atrest");
            }

            if (info.LinkTarget is null)
            {
                File.CreateSymbolicLink(visible, Path.Combine(DataDirName, name));
            }
        }

        foreach (var name in oldTopNames.Except(newTopNames))
        {
            DeleteLinkIfPresent(Path.Combine(TargetDirectory, name));
        }

        if (oldVersion is not null)
        {
            Directory.Delete(Path.Combine(TargetDirectory, oldVersion), recursive: true);
        }

        return true;
    }

    /// <summary>Removes everything the writer created: the links, <c>..data</c> and the version directories.</summary>
    public void Remove()
    {
        if (CurrentVersion() is { } version)
        {
            foreach (var name in TopLevelNames(ListFiles(Path.Combine(TargetDirectory, version))))
            {
                DeleteLinkIfPresent(Path.Combine(TargetDirectory, name));
            }
        }

        DeleteLinkIfPresent(Path.Combine(TargetDirectory, DataDirName));
        DeleteLinkIfPresent(Path.Combine(TargetDirectory, NewDataDirName));
        foreach (var directory in Directory.EnumerateDirectories(TargetDirectory, "..*"))
        {
            if (new DirectoryInfo(directory).LinkTarget is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The name of the directory <c>..data</c> points to, or null before the first write.</summary>
    public string? CurrentVersion() => new FileInfo(Path.Combine(TargetDirectory, DataDirName)).LinkTarget;

    private string CreateVersionDirectory()
    {
        // kubelet: os.MkdirTemp(dir, "..2006_01_02_15_04_05."), a UTC timestamp and a random suffix.
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("..yyyy_MM_dd_HH_mm_ss.", System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            var name = stamp + Random.Shared.Next(100_000_000, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var path = Path.Combine(TargetDirectory, name);
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path, DirectoryMode);
                return name;
            }
        }
    }

    private static bool SameContent(string versionPath, IReadOnlyDictionary<string, FileProjection> payload)
    {
        var existing = ListFiles(versionPath).ToList();
        if (existing.Count != payload.Count)
        {
            return false;
        }

        foreach (var relative in existing)
        {
            var full = Path.Combine(versionPath, relative);
            if (!payload.TryGetValue(relative, out var file) || (int)File.GetUnixFileMode(full) != file.Mode)
            {
                return false;
            }

            try
            {
                if (!File.ReadAllBytes(full).AsSpan().SequenceEqual(file.Data))
                {
                    return false;
                }
            }
            catch (UnauthorizedAccessException)
            {
                // A file with mode 0 cannot be read back: write the version again.
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> ListFiles(string versionPath) =>
        Directory.Exists(versionPath)
            ? Directory.EnumerateFiles(versionPath, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(versionPath, f))
            : [];

    private static HashSet<string> TopLevelNames(IEnumerable<string> paths) =>
        paths.Select(p => p.Split('/', 2)[0]).ToHashSet(StringComparer.Ordinal);

    private static void DeleteLinkIfPresent(string path)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }
    }
}
