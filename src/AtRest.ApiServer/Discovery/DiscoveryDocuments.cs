using System.Text.Json;
using AtRest.ApiServer.Resources;

namespace AtRest.ApiServer.Discovery;

/// <summary>The legacy and aggregated discovery bodies, built once from <see cref="CoreResources"/>.</summary>
internal static class DiscoveryDocuments
{
    /// <summary><c>GET /api</c> in the legacy form.</summary>
    public static byte[] LegacyApiVersions(string serverAddress) => Write(w =>
    {
        w.WriteString("kind", "APIVersions");
        w.WriteStartArray("versions");
        w.WriteStringValue("v1");
        w.WriteEndArray();
        w.WriteStartArray("serverAddressByClientCIDRs");
        w.WriteStartObject();
        w.WriteString("clientCIDR", "0.0.0.0/0");
        w.WriteString("serverAddress", serverAddress);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary><c>GET /apis</c> in the legacy form: no groups.</summary>
    public static readonly byte[] LegacyApiGroupList = Write(w =>
    {
        w.WriteString("kind", "APIGroupList");
        w.WriteString("apiVersion", "v1");
        w.WriteStartArray("groups");
        w.WriteEndArray();
    });

    /// <summary><c>GET /api/v1</c>.</summary>
    public static readonly byte[] ApiResourceList = Write(w =>
    {
        w.WriteString("kind", "APIResourceList");
        w.WriteString("groupVersion", "v1");
        w.WriteStartArray("resources");
        foreach (var r in CoreResources.All)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Resource);
            w.WriteString("singularName", r.SingularName);
            w.WriteBoolean("namespaced", r.Namespaced);
            w.WriteString("kind", r.Kind);
            WriteStrings(w, "verbs", r.Verbs);
            if (r.ShortNames.Count > 0)
            {
                WriteStrings(w, "shortNames", r.ShortNames);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary><c>GET /api</c> aggregated, as <c>apidiscovery.k8s.io/&lt;version&gt;</c>.</summary>
    public static byte[] AggregatedCore(string discoveryVersion) => Write(w =>
    {
        WriteListHeader(w, discoveryVersion);
        w.WriteStartArray("items");
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteNull("creationTimestamp");
        w.WriteEndObject();
        w.WriteStartArray("versions");
        w.WriteStartObject();
        w.WriteString("version", "v1");
        w.WriteString("freshness", "Current");
        w.WriteStartArray("resources");
        foreach (var r in CoreResources.All)
        {
            w.WriteStartObject();
            w.WriteString("resource", r.Resource);
            w.WriteStartObject("responseKind");
            w.WriteString("group", "");
            w.WriteString("version", "v1");
            w.WriteString("kind", r.Kind);
            w.WriteEndObject();
            w.WriteString("scope", r.Namespaced ? "Namespaced" : "Cluster");
            w.WriteString("singularResource", r.SingularName);
            WriteStrings(w, "verbs", r.Verbs);
            if (r.ShortNames.Count > 0)
            {
                WriteStrings(w, "shortNames", r.ShortNames);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary><c>GET /apis</c> aggregated: no groups.</summary>
    public static byte[] AggregatedGroups(string discoveryVersion) => Write(w =>
    {
        WriteListHeader(w, discoveryVersion);
        w.WriteStartArray("items");
        w.WriteEndArray();
    });

    private static void WriteListHeader(Utf8JsonWriter w, string discoveryVersion)
    {
        w.WriteString("kind", "APIGroupDiscoveryList");
        w.WriteString("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        w.WriteStartObject("metadata");
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
