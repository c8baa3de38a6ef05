using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// <c>DELETE</c> of one object, immediately (so kubectl's wait sees 404 at once). Every kind but namespaces answers a
/// Success Status; a namespace is marked Terminating and returned (the namespace controller empties and removes it in
/// the background), as upstream. A dry run
/// (query or DeleteOptions body) reads and checks but writes nothing; <c>ignoreStoreReadErrorWithClusterBreakingPotential</c>
/// removes a value no provider can read.
/// </summary>
internal static class DeleteHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ApiServices api, ResourceStore store, string? @namespace, string name)
    {
        var options = await DeleteRequestOptions.ReadAsync(http.Request).ConfigureAwait(false);
        var definition = store.Strategy.Definition;
        var resource = definition.Resource;
        if (options.IgnoreStoreReadError)
        {
            // The object cannot be read, so no uid is known: upstream answers a Status naming the kind.
            await store.DeleteCorruptAsync(@namespace, name, http.RequestAborted).ConfigureAwait(false);
            await ApiResponses.WriteSuccessAsync(http, new StatusDetails { Name = name, Kind = definition.Kind }).ConfigureAwait(false);
            return;
        }

        var preconditions = options.Preconditions;
        if (definition == Resources.Kinds.NamespaceKind.Registration)
        {
            var ns = await api.Lifecycle.DeleteAsync(name, preconditions, options.DryRun, http.RequestAborted).ConfigureAwait(false);
            await ApiResponses.WriteObjectAsync(http, store.Strategy, ns).ConfigureAwait(false);
            return;
        }

        KubernetesResource deleted;
        if (options.DryRun)
        {
            deleted = await store.GetAsync(@namespace, name, http.RequestAborted).ConfigureAwait(false);
            preconditions.Check(resource, deleted);
        }
        else
        {
            deleted = await store.DeleteAsync(@namespace, name, current => preconditions.Check(resource, current), http.RequestAborted).ConfigureAwait(false);
        }

        await ApiResponses.WriteSuccessAsync(http, new StatusDetails { Name = name, Kind = resource, Uid = deleted.Metadata.Uid }).ConfigureAwait(false);
    }
}
