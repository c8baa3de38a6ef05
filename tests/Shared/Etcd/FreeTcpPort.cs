using System.Net;
using System.Net.Sockets;

namespace AtRest.Tests.Shared.Etcd;

/// <summary>Finds loopback ports nobody listens on right now (another process may still take one; callers retry).</summary>
public static class FreeTcpPort
{
    /// <summary>Distinct free ports on 127.0.0.1.</summary>
    public static int[] Take(int count)
    {
        // Hold every listener open until all are chosen so one call never returns the same port twice.
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
