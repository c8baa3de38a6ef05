using System.Text.Json;
using AtRest.ApiServer.Resources;

namespace AtRest.ApiServer.Discovery;

/// <summary>The legacy and aggregated discovery bodies, built once from the <see cref="KindRegistry"/>.</summary>
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

    /// <summary><c>GET /apis</c> in the legacy form: the registry's non-core groups.</summary>
    public static byte[] LegacyApiGroupList(KindRegistry kinds) => Write(w =>
    {
        w.WriteString("kind", "APIGroupList");
        w.WriteString("apiVersion", "v1");
        w.WriteStartArray("groups");
        foreach (var (group, versions) in kinds.Groups)
        {
            w.WriteStartObject();
            WriteGroupBody(w, group, versions);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary><c>GET /apis/&lt;group&gt;</c>: an <c>APIGroup</c>.</summary>
    public static byte[] LegacyApiGroup(string group, IReadOnlyList<string> versions) => Write(w =>
    {
        w.WriteString("kind", "APIGroup");
        w.WriteString("apiVersion", "v1");
        WriteGroupBody(w, group, versions);
    });

    /// <summary><c>GET /api/v1</c> or <c>GET /apis/&lt;group&gt;/&lt;version&gt;</c>: the group version's <c>APIResourceList</c>.</summary>
    public static byte[] ApiResourceList(KindRegistry kinds, string group, string version) => Write(w =>
    {
        w.WriteString("kind", "APIResourceList");
        if (group.Length > 0)
        {
            w.WriteString("apiVersion", "v1");
        }

        w.WriteString("groupVersion", group.Length == 0 ? version : $"{group}/{version}");
        w.WriteStartArray("resources");
        foreach (var r in kinds.Of(group, version))
        {
            w.WriteStartObject();
            w.WriteString("name", r.Resource);
            w.WriteString("singularName", r.SingularName);
            w.WriteBoolean("namespaced", r.Namespaced);
            w.WriteString("kind", r.Kind);
            WriteStrings(w, "verbs", r.Verbs);
            WriteNames(w, r);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary><c>GET /api</c> aggregated, as <c>apidiscovery.k8s.io/&lt;version&gt;</c>.</summary>
    public static byte[] AggregatedCore(KindRegistry kinds, string discoveryVersion) => Write(w =>
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
        foreach (var r in kinds.Of("", "v1"))
        {
            WriteAggregatedResource(w, r);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary><c>GET /apis</c> aggregated: the registry's non-core groups.</summary>
    public static byte[] AggregatedGroups(KindRegistry kinds, string discoveryVersion) => Write(w =>
    {
        WriteListHeader(w, discoveryVersion);
        w.WriteStartArray("items");
        foreach (var (group, versions) in kinds.Groups)
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteString("name", group);
            w.WriteNull("creationTimestamp");
            w.WriteEndObject();
            w.WriteStartArray("versions");
            foreach (var version in versions)
            {
                w.WriteStartObject();
                w.WriteString("version", version);
                w.WriteStartArray("resources");
                foreach (var r in kinds.Of(group, version))
                {
                    WriteAggregatedResource(w, r);
                }

                w.WriteEndArray();
                w.WriteString("freshness", "Current");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static void WriteAggregatedResource(Utf8JsonWriter w, KindRegistration r)
    {
        w.WriteStartObject();
        w.WriteString("resource", r.Resource);
        w.WriteStartObject("responseKind");
        w.WriteString("group", r.Group);
        w.WriteString("version", r.Version);
        w.WriteString("kind", r.Kind);
        w.WriteEndObject();
        w.WriteString("scope", r.Namespaced ? "Namespaced" : "Cluster");
        w.WriteString("singularResource", r.SingularName);
        WriteStrings(w, "verbs", r.Verbs);
        WriteNames(w, r);
        w.WriteEndObject();
    }

    // shortNames and categories, each only when the kind has some (Go's omitempty).
    private static void WriteNames(Utf8JsonWriter w, KindRegistration r)
    {
        if (r.ShortNames.Count > 0)
        {
            WriteStrings(w, "shortNames", r.ShortNames);
        }

        if (r.Categories.Count > 0)
        {
            WriteStrings(w, "categories", r.Categories);
        }
    }

    // APIGroup's name, versions and preferredVersion (the first version).
    private static void WriteGroupBody(Utf8JsonWriter w, string group, IReadOnlyList<string> versions)
    {
        w.WriteString("name", group);
        w.WriteStartArray("versions");
        foreach (var version in versions)
        {
            WriteGroupVersion(w, null, group, version);
        }

        w.WriteEndArray();
        WriteGroupVersion(w, "preferredVersion", group, versions[0]);
    }

    private static void WriteGroupVersion(Utf8JsonWriter w, string? name, string group, string version)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        w.WriteString("groupVersion", $"{group}/{version}");
        w.WriteString("version", version);
        w.WriteEndObject();
    }

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
