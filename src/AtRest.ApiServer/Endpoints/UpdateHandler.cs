using AtRest.ApiServer.Http;
using AtRest.ApiServer.ManagedFields;
using AtRest.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// <c>PUT</c> of one object. The body's resourceVersion, when set, must equal the stored one (409 otherwise); an
/// unchanged body writes nothing unless the stored form is stale, in which case it is re-encrypted.
/// </summary>
internal static class UpdateHandler
{
    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ResourceStore store, string? @namespace, string name)
    {
        var strategy = store.Strategy;
        var options = RequestOptions.From(http.Request);
        var body = await RequestBody.ReadObjectAsync(http, strategy, options.Validation).ConfigureAwait(false);
        ObjectPreparation.MatchUrl(body, @namespace, name, strategy);
        var requestedVersion = body.Metadata.ResourceVersion;
        var sentManagedFields = body.Metadata.ManagedFields;
        var manager = ManagerName.From(http.Request, "UpdateOptions");
        var now = WriteClock.Now(http);
        var (updated, _) = await store.GuaranteedUpdateAsync(@namespace, name, current =>
        {
            // A lost write race runs this again: compare against what the client sent, not the last attempt.
            body.Metadata.ResourceVersion = requestedVersion;
            body.Metadata.ManagedFields = sentManagedFields;
            body.Metadata.ManagedFields = FieldManager.Update(current, body, strategy.Definition.Kind, manager, now, strategy.Definition.GroupVersion);
            ObjectPreparation.ForUpdate(body, current, strategy);
            strategy.ConfirmWrite(http, body, current);
            return body;
        }, options.DryRun, http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteObjectAsync(http, strategy, updated).ConfigureAwait(false);
    }
}
