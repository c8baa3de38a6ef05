using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Selectors;
using AtRest.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// What a request addresses, read from its path and method as kube-apiserver's <c>RequestInfoFactory</c> does;
/// used for authorization messages and request metrics.
/// </summary>
/// <param name="IsResourceRequest">True for <c>/api/v1/...</c> and <c>/apis/group/version/...</c> resource paths.</param>
/// <param name="Verb">Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection (lower-case method otherwise).</param>
/// <param name="Group">API group; empty for core.</param>
/// <param name="Version">API version, or empty.</param>
/// <param name="Resource">Resource name, e.g. <c>secrets</c>; empty for non-resource paths.</param>
/// <param name="Subresource">Subresource, or empty.</param>
/// <param name="Namespace">Namespace, or empty.</param>
/// <param name="Name">Object name, or empty.</param>
/// <param name="Path">The request path.</param>
public sealed record RequestInfo(bool IsResourceRequest, string Verb, string Group, string Version, string Resource,
    string Subresource, string Namespace, string Name, string Path)
{
    /// <summary>Parses <paramref name="request"/>.</summary>
    public static RequestInfo From(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var method = request.Method;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int index;
        string group;
        string version;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            group = string.Empty;
            version = segments[1];
            index = 2;
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            group = segments[1];
            version = segments[2];
            index = 3;
        }
        else
        {
            return new RequestInfo(false, method.ToLowerInvariant(), string.Empty, string.Empty, string.Empty, string.Empty,
                string.Empty, string.Empty, path);
        }

        var rest = segments[index..];
        if (rest.Length == 0)
        {
            return new RequestInfo(false, method.ToLowerInvariant(), group, version, string.Empty, string.Empty,
                string.Empty, string.Empty, path);
        }

        var ns = string.Empty;
        if (rest[0] == "namespaces" && rest.Length >= 3)
        {
            ns = rest[1];
            rest = rest[2..];
        }
        else if (rest[0] == "namespaces" && rest.Length == 2)
        {
            ns = rest[1];
        }

        var resource = rest[0];
        var name = rest.Length >= 2 ? rest[1] : string.Empty;
        var subresource = rest.Length >= 3 ? rest[2] : string.Empty;
        var watch = IsWatch(request);
        var verb = method switch
        {
            "GET" or "HEAD" when name.Length == 0 => watch ? "watch" : "list",
            "GET" or "HEAD" => watch ? "watch" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name.Length == 0 => "deletecollection",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        if (name.Length == 0 && verb is "list" or "watch")
        {
            name = SelectedName(request);
        }

        return new RequestInfo(true, verb, group, version, resource, subresource, ns, name, path);
    }

    // kube's RequestInfoFactory: a list or watch whose fieldSelector requires metadata.name=N is about the object N, so
    // RBAC resourceNames [N] allow it (kubectl get secret N -w sends one). A selector that does not parse, or a name
    // that is no path segment, leaves a plain list; the handler answers the bad selector.
    private static string SelectedName(HttpRequest request)
    {
        string? selected;
        try
        {
            selected = FieldSelector.Parse(request.Query["fieldSelector"].ToString()).RequiredValue("metadata.name");
        }
        catch (ApiException)
        {
            return string.Empty;
        }

        return selected is not null && NameRules.IsValidPathSegmentName(selected).Count == 0 ? selected : string.Empty;
    }

    private static bool IsWatch(HttpRequest request)
    {
        var value = request.Query["watch"].ToString();
        return value is "true" or "1";
    }
}
