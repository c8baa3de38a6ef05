using AtRest.ApiServer.Hosting;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>
/// kube's <c>responsewriters.Forbidden</c>: 403 with <see cref="AuthorizationMessages.Forbidden"/>, the authorizer's
/// reason after <c>": "</c> when it gave one, details naming the name, group and resource (as <c>kind</c>), and
/// <c>X-Content-Type-Options: nosniff</c>.
/// </summary>
internal static class ForbiddenResponse
{
    /// <summary>Refuses <paramref name="request"/> of <paramref name="user"/>.</summary>
    public static Task WriteAsync(HttpContext context, AuthenticatedUser user, RequestInfo request, string reason)
    {
        var details = new Dictionary<string, string>();
        if (request.Name.Length > 0)
        {
            details["name"] = request.Name;
        }

        if (request.Group.Length > 0)
        {
            details["group"] = request.Group;
        }

        if (request.Resource.Length > 0)
        {
            details["kind"] = request.Resource;
        }

        var message = AuthorizationMessages.Forbidden(user, request);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return StatusResponse.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            reason.Length == 0 ? message : message + ": " + reason, details.Count == 0 ? null : details);
    }
}
