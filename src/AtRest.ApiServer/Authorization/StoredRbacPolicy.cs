using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;
using AtRest.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// The stored Roles, ClusterRoles, RoleBindings and ClusterRoleBindings as an in-memory <see cref="IRbacPolicySource"/>,
/// kept as kube's informers keep theirs: each kind is listed, then watched from the list's revision; a watch whose
/// history is compacted (410) lists again, and a store failure is retried. Every change publishes a new immutable
/// <see cref="RbacPolicySnapshot"/>, so a decision reads one consistent state and never waits on the store. Start-up
/// waits (a bounded time) for the first list of each kind, so a restarted server does not answer from an empty index.
/// </summary>
internal sealed partial class StoredRbacPolicy : BackgroundService, IRbacPolicySource
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan InitialListWait = TimeSpan.FromSeconds(10);

    private readonly ILogger<StoredRbacPolicy> _logger;
    private readonly IReadOnlyList<ResourceStore> _stores;
    private readonly Dictionary<string, KubernetesResource>[] _objects;
    private readonly TaskCompletionSource[] _listed;
    private readonly Lock _gate = new();
    private volatile RbacPolicySnapshot _snapshot = RbacPolicySnapshot.Empty;

    /// <summary>Follows the RBAC kinds among <paramref name="api"/>'s stores (none when the server does not serve them).</summary>
    public StoredRbacPolicy(ApiServices api, ILogger<StoredRbacPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(api);
        _logger = logger;
        KindRegistration[] kinds = [ClusterRoleKind.Registration, RoleKind.Registration, ClusterRoleBindingKind.Registration, RoleBindingKind.Registration];
        _stores = [.. api.Stores.Where(store => kinds.Contains(store.Strategy.Definition))];
        _objects = [.. _stores.Select(_ => new Dictionary<string, KubernetesResource>(StringComparer.Ordinal))];
        _listed = [.. _stores.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    }

    /// <summary>The current snapshot.</summary>
    public RbacPolicySnapshot Snapshot => _snapshot;

    /// <inheritdoc />
    public IReadOnlyList<ClusterRole> ClusterRoles() => _snapshot.ClusterRoles();

    /// <inheritdoc />
    public IReadOnlyList<Role> Roles(string @namespace) => _snapshot.Roles(@namespace);

    /// <inheritdoc />
    public IReadOnlyList<ClusterRoleBinding> ClusterRoleBindings() => _snapshot.ClusterRoleBindings();

    /// <inheritdoc />
    public IReadOnlyList<RoleBinding> RoleBindings(string @namespace) => _snapshot.RoleBindings(@namespace);

    /// <inheritdoc />
    public ClusterRole? FindClusterRole(string name) => _snapshot.FindClusterRole(name);

    /// <inheritdoc />
    public Role? FindRole(string @namespace, string name) => _snapshot.FindRole(@namespace, name);

    /// <summary>Starts following and waits (at most 10 s) until every kind has been listed once.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        var listed = Task.WhenAll(_listed.Select(t => t.Task));
        if (await Task.WhenAny(listed, Task.Delay(InitialListWait, cancellationToken)).ConfigureAwait(false) != listed)
        {
            LogSlowStart(_logger, InitialListWait.TotalSeconds);
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_stores.Select((store, slot) => Task.Run(() => FollowAsync(slot, store, stoppingToken), stoppingToken)));

    private async Task FollowAsync(int slot, ResourceStore store, CancellationToken stoppingToken)
    {
        var resource = store.Strategy.Definition.Resource;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var page = await store.ListAsync(null, ListOptions.All, stoppingToken).ConfigureAwait(false);
                Publish(slot, objects =>
                {
                    objects.Clear();
                    foreach (var item in page.Items)
                    {
                        objects[KeyOf(item)] = item;
                    }
                });
                _listed[slot].TrySetResult();
                var revision = page.Revision;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await foreach (var change in store.WatchAsync(null, revision, stoppingToken).ConfigureAwait(false))
                    {
                        Publish(slot, objects =>
                        {
                            if (change.Type == ObjectChangeType.Deleted)
                            {
                                objects.Remove(KeyOf(change.Object));
                            }
                            else
                            {
                                objects[KeyOf(change.Object)] = change.Object;
                            }
                        });
                        revision = change.Revision;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (CompactedException)
            {
                LogRelist(_logger, resource);
            }
            catch (Exception e)
            {
                // The index keeps what it had: a store that is down or a value that cannot be read does not empty it.
                LogFailed(_logger, resource, e.Message, RetryDelay.TotalSeconds);
                try
                {
                    await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Publish(int slot, Action<Dictionary<string, KubernetesResource>> change)
    {
        lock (_gate)
        {
            change(_objects[slot]);
            var all = _objects.SelectMany(objects => objects.Values).ToList();
            _snapshot = new RbacPolicySnapshot(
                all.OfType<ClusterRole>(), all.OfType<Role>(), all.OfType<ClusterRoleBinding>(), all.OfType<RoleBinding>());
        }
    }

    private static string KeyOf(KubernetesResource obj) => $"{obj.Metadata.Namespace}/{obj.Metadata.Name}";

    [LoggerMessage(Level = LogLevel.Information, Message = "rbac: the watch of {Resource} is behind compacted history, listing again")]
    private static partial void LogRelist(ILogger logger, string resource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rbac: following {Resource} failed, retrying in {Seconds} s: {Reason}")]
    private static partial void LogFailed(ILogger logger, string resource, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rbac: the stored RBAC objects were not all listed within {Seconds} s; serving, and still trying")]
    private static partial void LogSlowStart(ILogger logger, double seconds);
}
