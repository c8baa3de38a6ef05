using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// <c>DELETE</c> of a collection: deletes every object the selectors match and returns them as a list; a dry run (query or
/// DeleteOptions body) returns the same list and deletes nothing.
/// </summary>
internal static class DeleteCollectionHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ResourceStore store, string? @namespace)
    {
        var list = ListQuery.Read(http.Request, store) with { Limit = 0, Continue = null };
        var options = await DeleteRequestOptions.ReadAsync(http.Request).ConfigureAwait(false);
        options.RefuseForCollection();
        var page = await store.ListAsync(@namespace, list, http.RequestAborted).ConfigureAwait(false);
        var deleted = new List<KubernetesResource>(page.Items.Count);
        foreach (var item in page.Items)
        {
            if (options.DryRun)
            {
                deleted.Add(item);
                continue;
            }

            try
            {
                deleted.Add(await store.DeleteAsync(@namespace, item.Metadata.Name, null, http.RequestAborted).ConfigureAwait(false));
            }
            catch (ApiException e) when (e.Code == StatusCodes.Status404NotFound)
            {
                // Deleted meanwhile by someone else.
            }
        }

        var revision = await store.CurrentRevisionAsync(http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteListAsync(http, store.Strategy, deleted, revision).ConfigureAwait(false);
    }
}
