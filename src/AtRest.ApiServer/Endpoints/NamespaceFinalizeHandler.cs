using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// <c>PUT /api/v1/namespaces/{name}/finalize</c>: sets <c>spec.finalizers</c> from the body (the rest of the body is
/// ignored, as upstream); a Terminating namespace left with no finalizer is removed, and returned as last seen.
/// </summary>
internal static class NamespaceFinalizeHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ApiServices api, ResourceStore store, string name)
    {
        var options = RequestOptions.From(http.Request);
        var body = await RequestBody.ReadObjectAsync(http, store.Strategy, options.Validation).ConfigureAwait(false);
        ObjectPreparation.MatchUrl(body, null, name, store.Strategy);
        var ns = await api.Lifecycle.FinalizeAsync((Namespace)body, options.DryRun, http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteObjectAsync(http, store.Strategy, ns).ConfigureAwait(false);
    }
}
