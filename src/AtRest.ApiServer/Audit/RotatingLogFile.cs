using System.Globalization;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// An append-only file that rotates as kube-apiserver's lumberjack logger does: a write that would take the file past
/// <c>--audit-log-maxsize</c> MB first renames it to <c>&lt;name&gt;-&lt;UTC time&gt;.&lt;ext&gt;</c>
/// (<c>audit-2026-11-29T15-30-00.123.log</c>) and starts a new one; then backups beyond <c>--audit-log-maxbackup</c>
/// (newest kept) and older than <c>--audit-log-maxage</c> days are removed (0: keep them). A max size of 0 means
/// lumberjack's 100 MB. Files are created 0600. Lines gather in a 64 KiB buffer until <see cref="Flush"/> (the backend
/// flushes whenever its queue runs dry), and the size is counted here rather than asked of the file, so a busy log costs
/// one write(2) per buffer instead of an fstat and a write per line. Not thread-safe: one writer owns it.
/// </summary>
internal sealed class RotatingLogFile : IAuditLogTarget
{
    private const string BackupTimeFormat = "yyyy-MM-dd'T'HH-mm-ss.fff";
    private const long DefaultMaxMegabytes = 100;
    private const int BufferBytes = 64 * 1024;
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _maxBackups;
    private readonly int _maxAgeDays;
    private readonly TimeProvider _time;
    private FileStream? _stream;
    private long _length;

    /// <summary>Opens (or creates) <paramref name="path"/> for appending.</summary>
    public RotatingLogFile(string path, int maxSizeMegabytes, int maxBackups, int maxAgeDays, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _maxBytes = (maxSizeMegabytes == 0 ? DefaultMaxMegabytes : maxSizeMegabytes) * 1024L * 1024L;
        _maxBackups = maxBackups;
        _maxAgeDays = maxAgeDays;
        _time = time;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _stream = Open();
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The line alone is over the maximum size, or the file cannot be written.</exception>
    public void Write(ReadOnlySpan<byte> line)
    {
        if (line.Length > _maxBytes)
        {
            throw new IOException($"write length {line.Length} exceeds maximum file size {_maxBytes}");
        }

        _stream ??= Open();
        if (_length + line.Length > _maxBytes)
        {
            Rotate();
        }

        _stream.Write(line);
        _length += line.Length;
    }

    /// <inheritdoc />
    public void Flush() => _stream?.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }

    private FileStream Open()
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        options.BufferSize = BufferBytes;
        var stream = new FileStream(_path, options);
        _length = stream.Length;
        return stream;
    }

    private void Rotate()
    {
        _stream!.Dispose();
        _stream = null;
        var now = _time.GetUtcNow();
        File.Move(_path, BackupPath(now), overwrite: true);
        _stream = Open();
        RemoveOldBackups(now);
    }

    private string BackupPath(DateTimeOffset time)
    {
        var extension = Path.GetExtension(_path);
        var stem = Path.Combine(Path.GetDirectoryName(_path)!, Path.GetFileNameWithoutExtension(_path));
        return $"{stem}-{time.UtcDateTime.ToString(BackupTimeFormat, CultureInfo.InvariantCulture)}{extension}";
    }

    private void RemoveOldBackups(DateTimeOffset now)
    {
        if (_maxBackups == 0 && _maxAgeDays == 0)
        {
            return;
        }

        var prefix = Path.GetFileNameWithoutExtension(_path) + "-";
        var extension = Path.GetExtension(_path);
        var backups = new List<(string Path, DateTime Time)>();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_path)!))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(extension, StringComparison.Ordinal)
                && DateTime.TryParseExact(name[prefix.Length..^extension.Length], BackupTimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                backups.Add((file, time));
            }
        }

        backups.Sort((a, b) => b.Time.CompareTo(a.Time));
        var cutoff = now.UtcDateTime.AddDays(-_maxAgeDays);
        for (var i = 0; i < backups.Count; i++)
        {
            if ((_maxBackups > 0 && i >= _maxBackups) || (_maxAgeDays > 0 && backups[i].Time < cutoff))
            {
                File.Delete(backups[i].Path);
            }
        }
    }
}
