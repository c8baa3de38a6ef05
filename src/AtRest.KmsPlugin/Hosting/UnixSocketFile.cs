using System.Net.Sockets;
using AtRest.Encryption.Kms;

namespace AtRest.KmsPlugin.Hosting;

/// <summary>The socket file before and after serving: a stale one is removed, a live one is refused, the new one is 0600.</summary>
internal static class UnixSocketFile
{
    /// <summary>The path Kestrel binds: the file path, or NUL ‖ name for an abstract socket.</summary>
    public static string BindPath(string endpoint)
    {
        var path = KmsEndpoint.SocketPath(endpoint);
        return path.StartsWith('@') ? "\0" + path[1..] : path;
    }

    /// <summary>Removes a socket file nobody listens on (a crashed plugin's); refuses a live one or a non-socket file.</summary>
    /// <exception cref="IOException">Another process serves the path, or the path is not a socket.</exception>
    public static void RemoveStale(string path)
    {
        if (path.StartsWith('\0') || !File.Exists(path))
        {
            return;
        }

        // A socket file has no content; anything else is somebody's data.
        if (new FileInfo(path).Length != 0)
        {
            throw new IOException($"{path} exists and is not a socket; refusing to remove it");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }

        throw new IOException($"another process is serving {path}");
    }

    /// <summary>Only the owner (the API server's user) may connect.</summary>
    public static void Restrict(string path)
    {
        if (!path.StartsWith('\0') && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static void Remove(string path)
    {
        if (!path.StartsWith('\0'))
        {
            File.Delete(path);
        }
    }
}
