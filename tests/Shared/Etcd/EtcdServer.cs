namespace AtRest.Tests.Shared.Etcd;

/// <summary>
/// A real single-member etcd (/usr/bin/etcd) on free 127.0.0.1 ports with a fresh data dir, optionally serving
/// TLS with client-certificate authentication. Disposal kills the process and deletes the directory.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory;

    private EtcdServer(TempDirectory directory, EtcdMember member, EtcdTlsFiles? tls)
    {
        _directory = directory;
        Member = member;
        Tls = tls;
    }

    /// <summary>The running member.</summary>
    public EtcdMember Member { get; }

    /// <summary>The client URL, e.g. http://127.0.0.1:41234 (https:// in TLS mode).</summary>
    public string Endpoint => Member.ClientUrl;

    /// <summary>The client URLs (one here), as a backend's endpoint list takes them.</summary>
    public IReadOnlyList<string> Endpoints => [Endpoint];

    /// <summary>The PEM files of the TLS mode; null for plain HTTP.</summary>
    public EtcdTlsFiles? Tls { get; }

    /// <summary>The data dir, kept across <see cref="RestartAsync"/>.</summary>
    public string DataDirectory => Member.Config.DataDirectory;

    /// <summary>Starts a member and waits until it serves; throws with etcd's log when it does not.</summary>
    public static async Task<EtcdServer> StartAsync(bool tls = false, CancellationToken cancellationToken = default)
    {
        _ = EtcdBinary.Server;
        var directory = new TempDirectory("etcd");
        try
        {
            var tlsFiles = tls ? EtcdTlsFiles.Create(directory.File("pki")) : null;
            for (var attempt = 1; ; attempt++)
            {
                var ports = FreeTcpPort.Take(2);
                var name = "s1";
                var config = new EtcdMemberConfig(
                    name, ports[0], ports[1], directory.File($"data-{attempt}"), $"{name}=http://127.0.0.1:{ports[1]}",
                    $"atrest-{Guid.NewGuid():N}", tlsFiles);
                var member = new EtcdMember(config);
                member.Start();
                try
                {
                    await member.WaitHealthyAsync(StartTimeout, cancellationToken);
                    return new EtcdServer(directory, member, tlsFiles);
                }
                catch (InvalidOperationException) when (member.FailedOnPortInUse && attempt < 5)
                {
                    // Another process took a port between probing and binding; try fresh ones.
                    member.Dispose();
                }
                catch
                {
                    member.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Kills the process (SIGKILL) without restarting it.</summary>
    public void Kill() => Member.Kill();

    /// <summary>Starts the killed process again on the same data dir and ports and waits until it serves.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        Member.Start();
        await Member.WaitHealthyAsync(StartTimeout, cancellationToken);
    }

    /// <summary>Kills the process and starts it again on the same data dir and ports, as a crash and restart would.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        await StartAgainAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Member.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
