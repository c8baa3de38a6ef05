namespace AtRest.Cli.Commands.Run;

/// <summary>
/// Whether a directory is on a memory filesystem (tmpfs or ramfs), as kubelet's secret volumes are: values written
/// there never reach a disk. Checked on the nearest existing ancestor, since the target may not exist yet.
/// </summary>
internal static class MemoryFileSystem
{
    private const long TmpfsMagic = 0x01021994;
    private const long RamfsMagic = 0x858458f6;

    /// <summary>True on tmpfs/ramfs, false on another filesystem, null when statfs fails.</summary>
    public static bool? Contains(string directory)
    {
        var path = Path.GetFullPath(directory);
        while (!Directory.Exists(path) && Path.GetDirectoryName(path) is { } parent)
        {
            path = parent;
        }

        return Native.FileSystemType(path) is { } type ? type is TmpfsMagic or RamfsMagic : null;
    }
}
