using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary><c>GET</c> of a collection (one namespace, or all when the namespace is null).</summary>
internal static class ListHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ResourceStore store, string? @namespace)
    {
        var options = ListQuery.Read(http.Request, store);
        var page = await store.ListAsync(@namespace, options, http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteListAsync(http, store.Strategy, page).ConfigureAwait(false);
    }
}
