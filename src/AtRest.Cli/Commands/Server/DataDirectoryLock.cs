using System.Globalization;
using System.Text;

namespace AtRest.Cli.Commands.Server;

/// <summary>
/// Keeps a second server off a data directory: <c>atrest.lock</c> holds the running server's process id under a
/// POSIX record lock (fcntl), which the kernel drops when the process ends, so a file left by a crashed server
/// does not block the next start. The file stays after a clean exit for the same reason.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name inside the data directory.</summary>
    public const string FileName = "atrest.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file, bool created)
    {
        _file = file;
        Created = created;
    }

    /// <summary>Whether this start created the lock file (start-up failure removes it again).</summary>
    public bool Created { get; }

    /// <summary>Takes the lock and writes this process's id into the file.</summary>
    /// <exception cref="ServerStartupException">Another server holds the lock (the message names its pid), or the file cannot be written.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var created = !File.Exists(path);
        FileStream file;
        try
        {
            // FileShare.ReadWrite: .NET's own flock stays shared, so a second server can open the file and read the
            // owner's pid; exclusion comes from the record lock below.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            file = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartupException($"cannot open the lock file {path}: {e.Message}", e);
        }

        try
        {
            // .NET offers no record lock on macOS; there a second server is not kept out.
            if (!OperatingSystem.IsMacOS())
            {
                file.Lock(0, 1);
            }
        }
        catch (IOException e)
        {
            var owner = ReadOwner(file);
            file.Dispose();
            throw new ServerStartupException(
                $"another atrest server{owner} is already running on the data directory {dataDirectory} (it holds {path}); stop it or choose another --data-dir", e);
        }

        try
        {
            var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            file.SetLength(0);
            file.Write(pid);
            file.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new ServerStartupException($"cannot write the lock file {path}: {e.Message}", e);
        }

        return new DataDirectoryLock(file, created);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static string ReadOwner(FileStream file)
    {
        try
        {
            file.Position = 0;
            var buffer = new byte[32];
            var read = file.Read(buffer);
            var text = Encoding.ASCII.GetString(buffer, 0, read).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? $" (pid {pid})" : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
