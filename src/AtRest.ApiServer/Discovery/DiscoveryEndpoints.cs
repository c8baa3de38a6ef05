using AtRest.ApiServer.Http;
using AtRest.ApiServer.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Discovery;

/// <summary>
/// <c>/version</c>, <c>/api</c>, <c>/api/v1</c>, <c>/apis</c> and, per non-core group, <c>/apis/&lt;group&gt;</c> and
/// <c>/apis/&lt;group&gt;/&lt;version&gt;</c>. The aggregated form (v2 or v2beta1) is sent
/// only when the Accept header asks for it, in the version asked for; otherwise the legacy form.
/// </summary>
internal static class DiscoveryEndpoints
{
    private const string AggregatedGroup = "apidiscovery.k8s.io";
    private const string AggregatedKind = "APIGroupDiscoveryList";

    /// <summary>Maps the discovery routes.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, string minorVersion, KindRegistry kinds)
    {
        var version = VersionDocument.Create(minorVersion);
        var groupList = DiscoveryDocuments.LegacyApiGroupList(kinds);
        var coreResources = DiscoveryDocuments.ApiResourceList(kinds, "", "v1");
        var aggregatedCore = new Dictionary<string, byte[]>
        {
            ["v2"] = DiscoveryDocuments.AggregatedCore(kinds, "v2"),
            ["v2beta1"] = DiscoveryDocuments.AggregatedCore(kinds, "v2beta1"),
        };
        var aggregatedGroups = new Dictionary<string, byte[]>
        {
            ["v2"] = DiscoveryDocuments.AggregatedGroups(kinds, "v2"),
            ["v2beta1"] = DiscoveryDocuments.AggregatedGroups(kinds, "v2beta1"),
        };

        endpoints.MapGet("/version", (HttpContext http) => JsonBytes.Write(http, version));
        endpoints.MapGet("/api", (HttpContext http) =>
        {
            var aggregated = AggregatedVersionAsked(http.Request);
            return aggregated is null
                ? JsonBytes.Write(http, DiscoveryDocuments.LegacyApiVersions(ServerAddress(http)))
                : WriteAggregated(http, aggregated, aggregatedCore[aggregated]);
        });
        endpoints.MapGet("/apis", (HttpContext http) =>
        {
            var aggregated = AggregatedVersionAsked(http.Request);
            return aggregated is null
                ? JsonBytes.Write(http, groupList)
                : WriteAggregated(http, aggregated, aggregatedGroups[aggregated]);
        });
        endpoints.MapGet("/api/v1", (HttpContext http) => JsonBytes.Write(http, coreResources));
        foreach (var (group, versions) in kinds.Groups)
        {
            var groupDocument = DiscoveryDocuments.LegacyApiGroup(group, versions);
            endpoints.MapGet($"/apis/{group}", (HttpContext http) => JsonBytes.Write(http, groupDocument));
            foreach (var groupVersion in versions)
            {
                var resources = DiscoveryDocuments.ApiResourceList(kinds, group, groupVersion);
                endpoints.MapGet($"/apis/{group}/{groupVersion}", (HttpContext http) => JsonBytes.Write(http, resources));
            }
        }
    }

    /// <summary>The aggregated discovery version the client prefers (<c>v2</c>/<c>v2beta1</c>), or null for legacy.</summary>
    internal static string? AggregatedVersionAsked(HttpRequest request)
    {
        foreach (var range in MediaRange.ParseAccept(request.Headers.Accept.ToString()))
        {
            if (range["g"] == AggregatedGroup && range["as"] == AggregatedKind
                && range["v"] is "v2" or "v2beta1" && range.MediaType == "application/json")
            {
                return range["v"];
            }

            if (range.AcceptsPlainJson)
            {
                return null;
            }
        }

        return null;
    }

    private static Task WriteAggregated(HttpContext http, string version, byte[] body) =>
        JsonBytes.Write(http, body, $"application/json;g={AggregatedGroup};v={version};as={AggregatedKind}");

    private static string ServerAddress(HttpContext http) =>
        http.Request.Host.HasValue ? http.Request.Host.Value! : $"{http.Connection.LocalIpAddress}:{http.Connection.LocalPort}";
}
