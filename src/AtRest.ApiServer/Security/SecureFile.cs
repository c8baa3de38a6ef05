using System.Text;

namespace AtRest.ApiServer.Security;

/// <summary>Writes files that hold credentials: owner read/write only (0600), replaced atomically.</summary>
public static class SecureFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/>'s folder with mode 0700 when it is missing.</summary>
    public static void EnsureDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Takes group and other access away from the folder <paramref name="path"/> and from the folders and files in it
    /// and one level below (where the server keeps its keys and stored values; a folder pointed at by mistake keeps
    /// the rest of its tree as it was); returns what it changed, as <c>path (0755 -> 0700)</c>, for the log.
    /// </summary>
    public static IReadOnlyList<string> RestrictTree(string path)
    {
        var changed = new List<string>();
        if (OperatingSystem.IsWindows())
        {
            return changed;
        }

        Restrict(path, changed);
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, AttributesToSkip = 0 }))
        {
            if (!File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
            {
                Restrict(entry, changed);
            }
        }

        return changed;
    }

    /// <summary>Writes <paramref name="text"/> to a 0600 temporary file beside the target, then renames it over the target.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// As <see cref="WriteAllText(string, string)"/>; when <paramref name="overwrite"/> is false, an existing target is
    /// left alone and <see cref="IOException"/> thrown (the rename refuses it, so there is no window between check and write).
    /// </summary>
    public static void WriteAllText(string path, string text, bool overwrite) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text), overwrite);

    /// <summary>Writes <paramref name="bytes"/> to a 0600 temporary file beside the target, then renames it over the target.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) => WriteAllBytes(path, bytes, overwrite: true);

    /// <summary>As <see cref="WriteAllBytes(string, ReadOnlySpan{byte})"/>, refusing an existing target unless <paramref name="overwrite"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool overwrite)
    {
        EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // The mode is set at creation so the content is never readable by others, not even briefly.
            options.UnixCreateMode = OwnerOnly;
        }

        File.Delete(temporary);
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
        }
        catch
        {
            // A full disk fails the write or the flush: leave the old file as it was and no half-written copy beside it.
            File.Delete(temporary);
            throw;
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string path, List<string> changed)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(path, mode & ~GroupOrOther);
            changed.Add($"{path} ({Octal(mode)} -> {Octal(mode & ~GroupOrOther)})");
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
