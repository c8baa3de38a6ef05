using System.Runtime.CompilerServices;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube-apiserver's post-start hook <c>rbac/bootstrap-roles</c>: writes kube's default ClusterRoles and
/// ClusterRoleBindings (<see cref="BootstrapPolicy"/>) into the store at start-up, creating the missing ones and
/// adding to stored ones what <see cref="BootstrapReconciliation"/> says is missing (never removing anything, never
/// touching one annotated <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c>). Another server writing the same
/// defaults at the same time (a kube-apiserver on the same etcd) is a lost race that is read again and reconciled.
/// An object that cannot be written is logged and left: decisions stay right without it, as the authorizer layers the
/// defaults in memory (<see cref="BootstrapLayeredPolicySource"/>).
/// </summary>
internal sealed partial class RbacBootstrapWriter(ApiServices api, ILogger<RbacBootstrapWriter> logger) : IHostedService
{
    private const int Attempts = 5;

    /// <summary>Writes what is missing; returns how many objects were created or updated.</summary>
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        if (!api.Kinds.Stored.Contains(ClusterRoleKind.Registration) || !api.Kinds.Stored.Contains(ClusterRoleBindingKind.Registration))
        {
            return 0;
        }

        var written = 0;
        var roles = api.Store(ClusterRoleKind.Registration);
        foreach (var role in BootstrapPolicy.ClusterRoles())
        {
            written += await EnsureAsync(roles, role, (stored, _) => BootstrapReconciliation.Reconcile((ClusterRole)stored, role), cancellationToken)
                .ConfigureAwait(false);
        }

        var bindings = api.Store(ClusterRoleBindingKind.Registration);
        foreach (var binding in BootstrapPolicy.ClusterRoleBindings())
        {
            written += await EnsureAsync(bindings, binding, (stored, recreate) =>
            {
                var reconciled = BootstrapReconciliation.Reconcile((ClusterRoleBinding)stored, binding, out var differentRole);
                recreate.Value = differentRole;
                return reconciled;
            }, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var written = await WriteAsync(cancellationToken).ConfigureAwait(false);
        if (written > 0)
        {
            LogWritten(logger, written);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // 1 when the default was created or the stored object changed, 0 otherwise.
    private async Task<int> EnsureAsync(
        ResourceStore store, KubernetesResource expected, Func<KubernetesResource, StrongBox<bool>, KubernetesResource> reconcile,
        CancellationToken cancellationToken)
    {
        var name = expected.Metadata.Name;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var stored = await store.ReadAsync(null, name, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    await CreateAsync(store, expected, cancellationToken).ConfigureAwait(false);
                    return 1;
                }

                var recreate = new StrongBox<bool>();
                if (ReferenceEquals(reconcile(stored.Object, recreate), stored.Object))
                {
                    return 0;
                }

                if (recreate.Value)
                {
                    // kube's ReconcileRecreate: a default binding to another role is deleted and written again.
                    await store.DeleteAsync(null, name, precondition: null, cancellationToken).ConfigureAwait(false);
                    await CreateAsync(store, expected, cancellationToken).ConfigureAwait(false);
                    return 1;
                }

                await store.GuaranteedUpdateAsync(null, name, current => reconcile(current, new StrongBox<bool>()), dryRun: false, cancellationToken)
                    .ConfigureAwait(false);
                return 1;
            }
            catch (ApiException e) when (e.Reason is "AlreadyExists" or "NotFound" && attempt < Attempts)
            {
                // Created or deleted meanwhile by another server on the same store: look again.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotWritten(logger, store.Strategy.Definition.Resource, name, e.Message);
                return 0;
            }
        }

        return 0;
    }

    private static async Task CreateAsync(ResourceStore store, KubernetesResource expected, CancellationToken cancellationToken)
    {
        var copy = Kubernetes.KubernetesObjectCodec.DeepCopy(expected);
        ObjectPreparation.ForCreate(copy, null, store.Strategy);
        await store.CreateAsync(copy, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "rbac: wrote {Count} of kube's default cluster roles and cluster role bindings")]
    private static partial void LogWritten(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rbac: could not write the default {Resource} {Name}: {Reason}")]
    private static partial void LogNotWritten(ILogger logger, string resource, string name, string reason);
}
