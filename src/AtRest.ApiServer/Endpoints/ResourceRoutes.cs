using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// Maps the resource paths of every registered kind, under <c>/api/v1</c> or <c>/apis/&lt;group&gt;/&lt;version&gt;</c>, to the
/// verb handlers: collection paths take GET (list or watch), POST and DELETE (deletecollection); object paths take GET,
/// PUT, PATCH and DELETE; <c>…/watch/…</c> paths are watches; a create-only kind (a review) takes POST.
/// Anything else under <c>/api</c> or <c>/apis</c> is a NotFound Status.
/// </summary>
internal static class ResourceRoutes
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, ApiServices api)
    {
        // The route builder is the application itself under WebApplication: check the path as sent before any
        // /api or /apis endpoint (discovery included) runs on Kestrel's normalised path. ApiRequest checks it again
        // for hosts that map the routes elsewhere.
        if (endpoints is IApplicationBuilder app)
        {
            app.Use(async (http, next) =>
            {
                try
                {
                    RawPathCheck.EnsureValid(http);
                }
                catch (ApiException e)
                {
                    await ApiResponses.WriteErrorAsync(http, e).ConfigureAwait(false);
                    return;
                }

                await next(http).ConfigureAwait(false);
            });
        }

        foreach (var store in api.Stores)
        {
            if (store.Strategy.Definition.Namespaced)
            {
                MapNamespaced(endpoints, api, store);
            }
            else
            {
                MapClusterScoped(endpoints, api, store);
            }
        }

        foreach (var kind in api.Kinds.All.Where(k => k.Create is not null))
        {
            MapCreateOnly(endpoints, kind);
        }

        endpoints.Map("/api/{**path}", http => ApiRequest.RunAsync(http, () => throw ApiErrors.PathNotFound()));
        endpoints.Map("/apis/{**path}", http => ApiRequest.RunAsync(http, () => throw ApiErrors.PathNotFound()));
    }

    private static void MapNamespaced(IEndpointRouteBuilder endpoints, ApiServices api, ResourceStore store)
    {
        var (p, r) = (store.Strategy.Definition.PathPrefix, store.Strategy.Definition.Resource);
        endpoints.Map($"{p}/namespaces/{{namespace}}/{r}", http => ApiRequest.RunAsync(http, () =>
        {
            var ns = Route(http, "namespace");
            return http.Request.Method switch
            {
                "GET" => ListOrWatch(http, store, ns),
                "POST" => CreateHandler.HandleAsync(http, api, store, ns),
                "DELETE" => DeleteCollectionHandler.HandleAsync(http, store, ns),
                _ => throw ApiErrors.MethodNotSupported(r, http.Request.Method),
            };
        }));
        endpoints.Map($"{p}/namespaces/{{namespace}}/{r}/{{name}}", http => ApiRequest.RunAsync(http, () =>
            ObjectVerb(http, api, store, Route(http, "namespace"), Route(http, "name"))));
        endpoints.Map($"{p}/{r}", http => ApiRequest.RunAsync(http, () => http.Request.Method == "GET"
            ? ListOrWatch(http, store, null)
            : throw ApiErrors.MethodNotSupported(r, http.Request.Method)));
        endpoints.Map($"{p}/watch/namespaces/{{namespace}}/{r}", http => ApiRequest.RunAsync(http, () =>
            Watch(http, store, Route(http, "namespace"), null)));
        endpoints.Map($"{p}/watch/namespaces/{{namespace}}/{r}/{{name}}", http => ApiRequest.RunAsync(http, () =>
            Watch(http, store, Route(http, "namespace"), Route(http, "name"))));
        endpoints.Map($"{p}/watch/{r}", http => ApiRequest.RunAsync(http, () => Watch(http, store, null, null)));
    }

    private static void MapClusterScoped(IEndpointRouteBuilder endpoints, ApiServices api, ResourceStore store)
    {
        var kind = store.Strategy.Definition;
        var (p, r) = (kind.PathPrefix, kind.Resource);
        var deleteCollection = kind.Verbs.Contains("deletecollection");
        endpoints.Map($"{p}/{r}", http => ApiRequest.RunAsync(http, () => http.Request.Method switch
        {
            "GET" => ListOrWatch(http, store, null),
            "POST" => CreateHandler.HandleAsync(http, api, store, null),
            "DELETE" when deleteCollection => DeleteCollectionHandler.HandleAsync(http, store, null),
            _ => throw ApiErrors.MethodNotSupported(r, http.Request.Method),
        }));
        endpoints.Map($"{p}/{r}/{{name}}", http => ApiRequest.RunAsync(http, () =>
            ObjectVerb(http, api, store, null, Route(http, "name"))));
        if (kind == NamespaceKind.Registration)
        {
            endpoints.Map($"{p}/{r}/{{name}}/finalize", http => ApiRequest.RunAsync(http, () => http.Request.Method == "PUT"
                ? NamespaceFinalizeHandler.HandleAsync(http, api, store, Route(http, "name"))
                : throw ApiErrors.MethodNotSupported(r, http.Request.Method)));
        }

        endpoints.Map($"{p}/watch/{r}", http => ApiRequest.RunAsync(http, () => Watch(http, store, null, null)));
        endpoints.Map($"{p}/watch/{r}/{{name}}", http => ApiRequest.RunAsync(http, () => Watch(http, store, null, Route(http, "name"))));
    }

    // A kind that is created and answered, never stored (the reviews): POST only.
    private static void MapCreateOnly(IEndpointRouteBuilder endpoints, KindRegistration kind)
    {
        var create = kind.Create!;
        var resource = kind.AsGroupResource();
        endpoints.Map($"{kind.PathPrefix}/{kind.Resource}", http => ApiRequest.RunAsync(http, () =>
            http.Request.Method == "POST" ? create(http, resource) : throw ApiErrors.MethodNotSupported(kind.Resource, http.Request.Method)));
    }

    private static Task ObjectVerb(HttpContext http, ApiServices api, ResourceStore store, string? ns, string name) => http.Request.Method switch
    {
        "GET" when ListQuery.IsWatch(http.Request) => WatchHandler.HandleAsync(http, store, ns, name),
        "GET" => GetHandler.HandleAsync(http, store, ns, name),
        "PUT" => UpdateHandler.HandleAsync(http, store, ns, name),
        "PATCH" => PatchHandler.HandleAsync(http, api, store, ns, name),
        "DELETE" => DeleteHandler.HandleAsync(http, api, store, ns, name),
        _ => throw ApiErrors.MethodNotSupported(store.Strategy.Definition.Resource, http.Request.Method),
    };

    private static Task ListOrWatch(HttpContext http, ResourceStore store, string? ns) =>
        ListQuery.IsWatch(http.Request) ? WatchHandler.HandleAsync(http, store, ns, null) : ListHandler.HandleAsync(http, store, ns);

    private static Task Watch(HttpContext http, ResourceStore store, string? ns, string? name) =>
        http.Request.Method == "GET"
            ? WatchHandler.HandleAsync(http, store, ns, name)
            : throw ApiErrors.MethodNotSupported(store.Strategy.Definition.Resource, http.Request.Method);

    private static string Route(HttpContext http, string key) => (string)http.GetRouteValue(key)!;
}
