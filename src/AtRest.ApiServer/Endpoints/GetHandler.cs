using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// <c>GET</c> of one object. A <c>resourceVersion</c> asks for an answer at least that fresh (kube-apiserver's
/// NotOlderThan for gets): malformed is 400, one the store has not reached is waited for, then 504.
/// </summary>
internal static class GetHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ResourceStore store, string? @namespace, string name)
    {
        var minimum = ResourceVersions.Parse(http.Request.Query["resourceVersion"].ToString());
        if (minimum > 0)
        {
            await ResourceVersions.WaitForAsync(store, minimum, store.Time, http.RequestAborted).ConfigureAwait(false);
        }

        var obj = await store.GetAsync(@namespace, name, http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteObjectAsync(http, store.Strategy, obj).ConfigureAwait(false);
    }
}
