using System.Collections.Concurrent;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// kube-apiserver's NamespaceLifecycle admission and namespace controller, done synchronously: objects may only be
/// created in an existing, active namespace; deleting a namespace marks it Terminating, deletes its contents, then
/// removes it.
/// </summary>
internal sealed class NamespaceLifecycle(ResourceStore namespaces, IReadOnlyList<ResourceStore> contents)
{
    /// <summary>The namespaces that exist after start-up and may not be deleted.</summary>
    public static readonly string[] BuiltIn = ["default", "kube-system", "kube-public"];

    // Like kube-apiserver's admission informer, active namespaces are remembered briefly so that a create does not
    // cost a second storage read; deletions through this server forget them at once.
    private static readonly long ActiveCacheTicks = TimeSpan.FromSeconds(2).Ticks;
    private readonly ConcurrentDictionary<string, long> active = new(StringComparer.Ordinal);

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

    /// <summary>Deletes a namespace and everything in it; returns the namespace as last seen (Terminating).</summary>
    public async Task<KubernetesResource> DeleteAsync(string name, DeletePreconditions preconditions, bool dryRun, CancellationToken cancellationToken)
    {
        if (BuiltIn.Contains(name, StringComparer.Ordinal))
        {
            throw ApiErrors.Forbidden("namespaces", name, "this namespace may not be deleted");
        }

        active.TryRemove(name, out _);
        var (terminating, _) = await namespaces.GuaranteedUpdateAsync(null, name, current =>
        {
            preconditions.Check("namespaces", current);
            var ns = (Namespace)current;
            ns.Metadata.DeletionTimestamp ??= KubernetesTime.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            ns.Metadata.DeletionGracePeriodSeconds ??= 0;
            ns.Status.Phase = NamespaceStrategy.Terminating;
            return ns;
        }, dryRun, cancellationToken).ConfigureAwait(false);
        if (dryRun)
        {
            return terminating;
        }

        active.TryRemove(name, out _);

        foreach (var store in contents)
        {
            await DeleteAllAsync(store, name, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await namespaces.DeleteAsync(null, name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Deleted concurrently by another request: the outcome is the same.
        }

        return terminating;
    }

    private static async Task DeleteAllAsync(ResourceStore store, string @namespace, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(@namespace, ListOptions.All, cancellationToken).ConfigureAwait(false);
        foreach (var item in page.Items)
        {
            try
            {
                await store.DeleteAsync(@namespace, item.Metadata.Name, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Already gone.
            }
        }
    }
}
