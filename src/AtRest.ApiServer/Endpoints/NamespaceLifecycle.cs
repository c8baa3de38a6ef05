using System.Collections.Concurrent;
using System.Threading.Channels;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// kube-apiserver's NamespaceLifecycle admission and the namespace REST rules: objects may only be created in an
/// existing, active namespace; deleting a namespace marks it Terminating and wakes the namespace controller
/// (<see cref="Controllers.NamespaceFinalizer"/>), which empties it in the background; a namespace goes once its
/// finalizers are gone.
/// </summary>
internal sealed class NamespaceLifecycle(ResourceStore namespaces, IReadOnlyList<ResourceStore> contents)
{
    /// <summary>The namespaces that exist after start-up and may not be deleted.</summary>
    public static readonly string[] BuiltIn = ["default", "kube-system", "kube-public"];

    // Like kube-apiserver's admission informer, active namespaces are remembered briefly so that a create does not
    // cost a second storage read; deletions through this server forget them at once.
    private static readonly long ActiveCacheTicks = TimeSpan.FromSeconds(2).Ticks;
    private readonly ConcurrentDictionary<string, long> active = new(StringComparer.Ordinal);

    // Wakes the namespace controller; one pending notice is enough, it re-reads every namespace.
    private readonly Channel<bool> changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Throws 404 when <paramref name="namespace"/> does not exist, 403 when it is being deleted.</summary>
    public async Task EnsureCanCreateInAsync(string @namespace, string resource, string name, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        if (active.TryGetValue(@namespace, out var until) && until > now)
        {
            return;
        }

        var stored = await namespaces.ReadAsync(null, @namespace, cancellationToken).ConfigureAwait(false)
            ?? throw ApiErrors.NotFound("namespaces", @namespace);
        if (stored.Object is Namespace { Status.Phase: NamespaceStrategy.Terminating } || stored.Object.Metadata.DeletionTimestamp is not null)
        {
            throw ApiErrors.Forbidden(resource, name,
                $"unable to create new content in namespace {@namespace} because it is being terminated",
                new StatusCause { Reason = "NamespaceTerminating", Message = $"namespace {@namespace} is being terminated", Field = "metadata.namespace" });
        }

        active[@namespace] = now + ActiveCacheTicks;
    }

    /// <summary>The namespaces whose contents <see cref="Controllers.NamespaceFinalizer"/> deletes.</summary>
    public IReadOnlyList<ResourceStore> Contents => contents;

    /// <summary>The namespaces' store.</summary>
    public ResourceStore Namespaces => namespaces;

    /// <summary>Completes when a namespace was marked for deletion or finalized since the last call.</summary>
    public ValueTask<bool> WaitForChangeAsync(CancellationToken cancellationToken) => changes.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Consumes the pending change notice (see <see cref="WaitForChangeAsync"/>).</summary>
    public void TakeChange() => changes.Reader.TryRead(out _);

    /// <summary>
    /// kube-apiserver's namespace DELETE: the first one sets <c>metadata.deletionTimestamp</c> and phase Terminating and
    /// returns the namespace; the namespace controller then empties it. A later DELETE while <c>spec.finalizers</c> is
    /// not empty is 409; once every finalizer is gone it removes the namespace.
    /// </summary>
    public async Task<KubernetesResource> DeleteAsync(string name, DeletePreconditions preconditions, bool dryRun, CancellationToken cancellationToken)
    {
        if (BuiltIn.Contains(name, StringComparer.Ordinal))
        {
            throw ApiErrors.Forbidden("namespaces", name, "this namespace may not be deleted");
        }

        active.TryRemove(name, out _);
        var now = Now();
        var (ns, _) = await namespaces.GuaranteedUpdateAsync(null, name, current =>
        {
            preconditions.Check("namespaces", current);
            var ns = (Namespace)current;
            if (ns.Metadata.DeletionTimestamp is null)
            {
                ns.Metadata.DeletionTimestamp = now;
                ns.Metadata.DeletionGracePeriodSeconds ??= 0;
                ns.Status.Phase = NamespaceStrategy.Terminating;
            }
            else if (ns.Spec.Finalizers.Count > 0)
            {
                throw ApiErrors.Conflict("namespaces", name,
                    "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.");
            }

            return ns;
        }, dryRun, cancellationToken).ConfigureAwait(false);
        if (dryRun)
        {
            return ns;
        }

        active.TryRemove(name, out _);
        changes.Writer.TryWrite(true);
        return await RemoveIfFinalizedAsync((Namespace)ns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>PUT /api/v1/namespaces/{name}/finalize</c>: replaces <c>spec.finalizers</c> only; a namespace marked for
    /// deletion whose finalizers are then all gone is removed, as upstream's ShouldDeleteDuringUpdate does.
    /// </summary>
    public async Task<KubernetesResource> FinalizeAsync(Namespace body, bool dryRun, CancellationToken cancellationToken)
    {
        var name = body.Metadata.Name;
        var errors = NamespaceStrategy.ValidateFinalize(body);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(namespaces.Strategy.Definition.Kind, name, errors);
        }

        var requestedVersion = body.Metadata.ResourceVersion;
        var (ns, _) = await namespaces.GuaranteedUpdateAsync(null, name, current =>
        {
            if (requestedVersion.Length > 0 && requestedVersion != current.Metadata.ResourceVersion)
            {
                throw ApiErrors.Modified("namespaces", name);
            }

            return NamespaceStrategy.PrepareForFinalize(body, (Namespace)current);
        }, dryRun, cancellationToken).ConfigureAwait(false);
        if (dryRun)
        {
            return ns;
        }

        changes.Writer.TryWrite(true);
        return await RemoveIfFinalizedAsync((Namespace)ns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The namespace controller's last step: drops <paramref name="finalizer"/> from <c>spec.finalizers</c>.</summary>
    public async Task RemoveSpecFinalizerAsync(string name, string finalizer, CancellationToken cancellationToken)
    {
        var (ns, _) = await namespaces.GuaranteedUpdateAsync(null, name, current =>
        {
            ((Namespace)current).Spec.Finalizers.RemoveAll(f => f == finalizer);
            return current;
        }, dryRun: false, cancellationToken).ConfigureAwait(false);
        await RemoveIfFinalizedAsync((Namespace)ns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the namespace when it is marked for deletion and has no finalizers left; returns it as last seen.</summary>
    public async Task<KubernetesResource> RemoveIfFinalizedAsync(Namespace ns, CancellationToken cancellationToken)
    {
        if (!NamespaceStrategy.IsFinalized(ns))
        {
            return ns;
        }

        try
        {
            // Another request may have added a finalizer since: only a still-finalized namespace goes.
            return await namespaces.DeleteAsync(null, ns.Metadata.Name, current =>
            {
                if (!NamespaceStrategy.IsFinalized((Namespace)current))
                {
                    throw ApiErrors.Conflict("namespaces", ns.Metadata.Name, "the namespace gained a finalizer while being removed");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Removed by another server on the same store, or no longer finalized: the next pass decides.
            return ns;
        }
    }

    /// <summary>The store's clock, to Kubernetes timestamps' whole seconds.</summary>
    public KubernetesTime Now() =>
        KubernetesTime.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(namespaces.Time.GetUtcNow().ToUnixTimeSeconds()));
}
