using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// Refuses a resource path whose namespace or name is not a valid path segment, judged on the request target as the
/// client sent it. Kestrel removes <c>.</c> and <c>..</c> segments (also percent-encoded ones) before routing, so
/// <c>DELETE …/namespaces/N/secrets/..</c> would otherwise reach the handler as <c>DELETE …/namespaces/N</c>;
/// kube-apiserver routes on the segments as sent and answers 400.
/// </summary>
/// <remarks>
/// Segment layout checked (after percent-decoding each segment):
/// <code>
/// /api/v1[/watch]/namespaces/{namespace}/{resource}[/{name}[/{subresource}…]]
/// /api/v1[/watch]/namespaces/{name}[/{subresource}…]
/// /api/v1[/watch]/{resource}[/{name}[/{subresource}…]]
/// /apis/{group}/{version}/…  (the same after the version)
/// </code>
/// </remarks>
internal static class RawPathCheck
{
    /// <summary>Throws 400 <c>Name parameter invalid: "..": may not be '..'</c> (or the namespace's) for a bad segment.</summary>
    public static void EnsureValid(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return;
        }

        var segments = Segments(raw);
        var first = segments.Count > 0 && segments[0] == "api" ? 2 : segments.Count > 0 && segments[0] == "apis" ? 3 : -1;
        if (first < 0)
        {
            return;
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var problems = NameRules.IsValidPathSegmentName(segments[i]);
            if (problems.Count == 0)
            {
                continue;
            }

            var role = IsNamespace(segments, first, i) ? "Namespace" : "Name";
            throw ApiErrors.BadRequest($"{role} parameter invalid: {ApiErrors.Quote(segments[i])}: {string.Join(";", problems)}");
        }
    }

    // The namespace is the segment after "namespaces" when a resource follows it; otherwise that segment names a Namespace.
    private static bool IsNamespace(List<string> segments, int first, int index)
    {
        var start = first < segments.Count && segments[first] == "watch" ? first + 1 : first;
        return index == start + 1 && segments[start] == "namespaces" && segments.Count > start + 2;
    }

    private static List<string> Segments(string raw)
    {
        var end = raw.IndexOfAny(['?', '#']);
        var path = end >= 0 ? raw[..end] : raw;

        // An absolute-form target (GET https://host/api/... HTTP/1.1) carries the path after the authority.
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash >= 0 ? path[slash..] : "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length > 0)
            {
                segments.Add(Uri.UnescapeDataString(segment));
            }
        }

        return segments;
    }
}
