using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Security;

/// <summary>Kubernetes RBAC's wording for a denied request.</summary>
internal static class AuthorizationMessages
{
    /// <summary>
    /// The Forbidden message kube-apiserver prints for <paramref name="user"/> doing <paramref name="request"/>:
    /// <c>apierrors.NewForbidden</c>'s prefix around <c>responsewriters.forbiddenMessage</c>, values quoted as Go's
    /// <c>%q</c> and, as kube does, <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped in the part after the prefix.
    /// </summary>
    public static string Forbidden(AuthenticatedUser user, RequestInfo request)
    {
        var who = $"User {ApiErrors.Quote(user.Name)}";
        if (!request.IsResourceRequest)
        {
            return "forbidden: " + Sanitize($"{who} cannot {request.Verb} path {ApiErrors.Quote(request.Path)}");
        }

        var resource = request.Subresource.Length == 0 ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var qualified = request.Group.Length == 0 ? request.Resource : $"{request.Resource}.{request.Group}";
        var subject = request.Name.Length == 0 ? qualified : $"{qualified} {ApiErrors.Quote(request.Name)}";

        // A request on the Namespace object N is in namespace N (kube's RequestInfo), and kube says so.
        var scope = request.Namespace.Length == 0
            ? "at the cluster scope"
            : $"in the namespace {ApiErrors.Quote(request.Namespace)}";
        return $"{subject} is forbidden: " + Sanitize(
            $"{who} cannot {request.Verb} resource {ApiErrors.Quote(resource)} in API group {ApiErrors.Quote(request.Group)} {scope}");
    }

    // kube's responsewriters sanitizer, so that an error cannot look like HTML.
    private static string Sanitize(string message) =>
        message.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
