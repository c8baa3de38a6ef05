using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Resources;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// The <c>verb</c> and <c>resource</c> labels of a request, drawn only from fixed sets as kube-apiserver's
/// <c>CleanVerb</c> does since CVE-2020-8552: labels come from the client, and every distinct value is a new series
/// kept in memory for the life of the process.
/// </summary>
internal static class RequestMetricLabels
{
    /// <summary>The verb of any method kube-apiserver does not report by name.</summary>
    public const string OtherVerb = "other";

    // kube-apiserver's validRequestMethods.
    private static readonly HashSet<string> ValidVerbs = new(StringComparer.Ordinal)
    {
        "APPLY", "CONNECT", "CREATE", "DELETE", "DELETECOLLECTION", "GET", "LIST", "PATCH", "POST", "PROXY", "PUT",
        "UPDATE", "WATCH", "WATCHLIST",
    };

    private static readonly HashSet<string> ServedResources =
        CoreResources.All.Select(definition => definition.Resource).ToHashSet(StringComparer.Ordinal);

    /// <summary>The HTTP method with LIST, WATCH and DELETECOLLECTION told apart, or <see cref="OtherVerb"/>.</summary>
    public static string Verb(RequestInfo info, string method)
    {
        var verb = info.Verb switch
        {
            "list" => "LIST",
            "watch" => "WATCH",
            "deletecollection" => "DELETECOLLECTION",
            _ => method,
        };
        return ValidVerbs.Contains(verb) ? verb : OtherVerb;
    }

    /// <summary>
    /// The resource when the request is authenticated and names one this server serves under <c>/api/v1</c>; empty
    /// otherwise (non-resource paths, unknown resources, and every anonymous request).
    /// </summary>
    public static string Resource(RequestInfo info, bool authenticated) =>
        authenticated && info.IsResourceRequest && info.Group.Length == 0 && info.Version == "v1" && ServedResources.Contains(info.Resource)
            ? info.Resource
            : string.Empty;
}
