using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.ManagedFields;
using AtRest.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary><c>POST</c> to a collection: decode, prepare and validate, check the namespace, store, answer 201.</summary>
internal static class CreateHandler
{
    private const int GeneratedNameAttempts = 8;

    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ApiServices api, ResourceStore store, string? @namespace)
    {
        var strategy = store.Strategy;
        var options = RequestOptions.From(http.Request);
        var obj = await RequestBody.ReadObjectAsync(http, strategy, options.Validation).ConfigureAwait(false);
        var generated = obj.Metadata.Name.Length == 0 && obj.Metadata.GenerateName.Length > 0;
        var manager = ManagerName.From(http.Request, "CreateOptions");
        obj.Metadata.ManagedFields = FieldManager.Update(null, obj, strategy.Definition.Kind, manager, WriteClock.Now(http), strategy.Definition.GroupVersion);
        for (var attempt = 1; ; attempt++)
        {
            ObjectPreparation.ForCreate(obj, @namespace, strategy);
            strategy.ConfirmWrite(http, obj, null);
            if (@namespace is not null)
            {
                await api.Lifecycle.EnsureCanCreateInAsync(@namespace, strategy.Definition.Resource, obj.Metadata.Name, http.RequestAborted).ConfigureAwait(false);
            }

            try
            {
                var created = options.DryRun ? obj : await store.CreateAsync(obj, http.RequestAborted).ConfigureAwait(false);
                await ApiResponses.WriteObjectAsync(http, strategy, created, StatusCodes.Status201Created).ConfigureAwait(false);
                return;
            }
            catch (ApiException e) when (generated && e.Reason == "AlreadyExists" && attempt < GeneratedNameAttempts)
            {
                obj.Metadata.Name = "";
            }
        }
    }
}
