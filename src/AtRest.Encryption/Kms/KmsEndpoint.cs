using System.Net.Sockets;

namespace AtRest.Encryption.Kms;

/// <summary>
/// A plugin's <c>endpoint</c> (spec §4.3): only <c>unix</c>; the socket path is the URL path, and a path that starts
/// with <c>/@</c> names a Linux abstract socket:
/// <code>
/// unix:///var/run/kms.sock   → /var/run/kms.sock
/// unix:///@kms-provider.sock → abstract "kms-provider.sock" (sun_path = NUL ‖ name)
/// </code>
/// </summary>
public static class KmsEndpoint
{
    /// <summary>The socket address of <paramref name="endpoint"/>.</summary>
    /// <exception cref="ArgumentException">Empty, not a URL, or not the <c>unix</c> scheme; the message is upstream's.</exception>
    public static UnixDomainSocketEndPoint Parse(string endpoint)
    {
        var path = SocketPath(endpoint);
        return path.StartsWith('@') ? new UnixDomainSocketEndPoint("\0" + path[1..]) : new UnixDomainSocketEndPoint(path);
    }

    /// <summary>The socket path, with a leading <c>@</c> for an abstract socket.</summary>
    /// <exception cref="ArgumentException">Empty, not a URL, or not the <c>unix</c> scheme.</exception>
    public static string SocketPath(string endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            throw new ArgumentException("remote KMS provider can't use empty string as endpoint", nameof(endpoint));
        }

        var colon = endpoint.IndexOf("://", StringComparison.Ordinal);
        var scheme = colon < 0 ? string.Empty : endpoint[..colon];
        if (scheme != "unix")
        {
            throw new ArgumentException($"unsupported scheme \"{scheme}\" for remote KMS provider", nameof(endpoint));
        }

        // unix://host/x.sock dials /x.sock: the host part is ignored, as Go's url.Parse leaves it out of Path.
        var rest = endpoint[(colon + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var path = slash < 0 ? string.Empty : Uri.UnescapeDataString(rest[slash..]);
        if (path.Length == 0)
        {
            throw new ArgumentException($"remote KMS provider endpoint {endpoint} has no socket path", nameof(endpoint));
        }

        return path.StartsWith("/@", StringComparison.Ordinal) ? path[1..] : path;
    }
}
