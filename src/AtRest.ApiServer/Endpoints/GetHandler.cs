using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary><c>GET</c> of one object.</summary>
internal static class GetHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ResourceStore store, string? @namespace, string name)
    {
        var obj = await store.GetAsync(@namespace, name, http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteObjectAsync(http, store.Strategy, obj).ConfigureAwait(false);
    }
}
