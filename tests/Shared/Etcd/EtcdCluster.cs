namespace AtRest.Tests.Shared.Etcd;

/// <summary>
/// A real multi-member etcd cluster on loopback (three members by default), for failover tests.
/// Disposal kills every member and deletes the data dirs.
/// </summary>
public sealed class EtcdCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);
    private readonly TempDirectory _directory;

    private EtcdCluster(TempDirectory directory, IReadOnlyList<EtcdMember> members)
    {
        _directory = directory;
        Members = members;
    }

    /// <summary>The members, in start order.</summary>
    public IReadOnlyList<EtcdMember> Members { get; }

    /// <summary>Every member's client URL.</summary>
    public IReadOnlyList<string> Endpoints => Members.Select(m => m.ClientUrl).ToArray();

    /// <summary>Starts the members and waits until each one serves; throws with their logs when one does not.</summary>
    public static async Task<EtcdCluster> StartAsync(int size = 3, CancellationToken cancellationToken = default)
    {
        _ = EtcdBinary.Server;
        var directory = new TempDirectory("etcd-cluster");
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var ports = FreeTcpPort.Take(2 * size);
                var token = $"atrest-{Guid.NewGuid():N}";
                var initialCluster = string.Join(',', Enumerable.Range(0, size).Select(i => $"m{i + 1}=http://127.0.0.1:{ports[(2 * i) + 1]}"));
                var members = Enumerable.Range(0, size)
                    .Select(i => new EtcdMember(new EtcdMemberConfig(
                        $"m{i + 1}", ports[2 * i], ports[(2 * i) + 1], directory.File($"a{attempt}-m{i + 1}"), initialCluster, token, null)))
                    .ToArray();
                foreach (var member in members)
                {
                    member.Start();
                }

                try
                {
                    await Task.WhenAll(members.Select(m => m.WaitHealthyAsync(StartTimeout, cancellationToken)));
                    return new EtcdCluster(directory, members);
                }
                catch (InvalidOperationException) when (members.Any(m => m.FailedOnPortInUse) && attempt < 5)
                {
                    DisposeAll(members);
                }
                catch (InvalidOperationException e)
                {
                    var logs = string.Join("\n", members.Select(m => $"--- etcd {m.Config.Name} ---\n{m.Log}"));
                    DisposeAll(members);
                    throw new InvalidOperationException($"{e.Message.Split('\n')[0]}\n{logs}", e);
                }
                catch
                {
                    DisposeAll(members);
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

    /// <summary>The index in <see cref="Members"/> of the current leader, asked of a running member.</summary>
    public async Task<int> LeaderIndexAsync(CancellationToken cancellationToken = default)
    {
        using var client = EtcdHttp.CreateClient(null);
        var ids = new ulong[Members.Count];
        ulong leader = 0;
        for (var i = 0; i < Members.Count; i++)
        {
            if (!Members[i].IsRunning)
            {
                continue;
            }

            (ids[i], var leaderId) = await EtcdHttp.StatusAsync(client, Members[i].ClientUrl, cancellationToken);
            leader = leaderId != 0 ? leaderId : leader;
        }

        var index = Array.IndexOf(ids, leader);
        return index >= 0 && leader != 0
            ? index
            : throw new InvalidOperationException($"no running etcd member reports a leader among {string.Join(", ", Endpoints)}");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        DisposeAll(Members);
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void DisposeAll(IEnumerable<EtcdMember> members)
    {
        foreach (var member in members)
        {
            member.Dispose();
        }
    }
}
