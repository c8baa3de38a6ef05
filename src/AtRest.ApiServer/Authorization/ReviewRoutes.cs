using AtRest.ApiServer.Discovery;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Authorization;

/// <summary>Maps <c>/apis/&lt;group&gt;/&lt;version&gt;/&lt;resource&gt;</c> of each review in <see cref="NonCoreResources"/>; POST only.</summary>
internal static class ReviewRoutes
{
    private static readonly Dictionary<string, Func<HttpContext, GroupResource, Task>> Handlers = new(StringComparer.Ordinal)
    {
        ["SelfSubjectReview"] = SelfSubjectReviewHandler.HandleAsync,
        ["SelfSubjectAccessReview"] = SelfSubjectAccessReviewHandler.HandleAsync,
        ["SelfSubjectRulesReview"] = SelfSubjectRulesReviewHandler.HandleAsync,
    };

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var resource in NonCoreResources.All)
        {
            var handler = Handlers[resource.Kind];
            endpoints.Map($"/apis/{resource.Group}/{resource.Version}/{resource.Resource}", http => ApiRequest.RunAsync(http, () =>
                http.Request.Method == "POST" ? handler(http, resource) : throw ApiErrors.MethodNotSupported(resource.Resource, http.Request.Method)));
        }
    }
}
