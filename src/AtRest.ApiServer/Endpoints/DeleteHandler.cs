using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// <c>DELETE</c> of one object, immediately (so kubectl's wait sees 404 at once). Secrets and ConfigMaps answer a
/// Success Status; a namespace is emptied and removed, and its Terminating state is returned, as upstream.
/// </summary>
internal static class DeleteHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ApiServices api, ResourceStore store, string? @namespace, string name)
    {
        var options = RequestOptions.From(http.Request);
        var preconditions = await DeletePreconditions.ReadAsync(http.Request).ConfigureAwait(false);
        var resource = store.Strategy.Definition.Resource;
        if (!store.Strategy.Definition.Namespaced)
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
