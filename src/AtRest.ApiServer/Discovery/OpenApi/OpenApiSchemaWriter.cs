using System.Text.Json;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>Writes <see cref="SchemaNode"/>s in the v2 or v3 form kube-apiserver publishes.</summary>
internal static class OpenApiSchemaWriter
{
    /// <summary>The reference to a definition: <c>#/definitions/…</c> (v2) or <c>#/components/schemas/…</c> (v3).</summary>
    public static string Reference(OpenApiVersion version, string name) =>
        version == OpenApiVersion.V2 ? "#/definitions/" + name : "#/components/schemas/" + name;

    /// <summary>Writes a named definition, with its group-version-kind when it is a kind's.</summary>
    public static void WriteDefinition(Utf8JsonWriter w, OpenApiVersion version, NamedDefinition definition)
    {
        w.WritePropertyName(definition.Definition.Name);
        Write(w, version, definition.Definition.Schema, definition.Kind is { } kind ? () => WriteGroupVersionKinds(w, kind, definition.KindName!) : null);
    }

    /// <summary>Writes <c>x-kubernetes-group-version-kind</c> as the one-element list a definition carries.</summary>
    public static void WriteGroupVersionKinds(Utf8JsonWriter w, KindRegistration kind, string kindName)
    {
        w.WriteStartArray("x-kubernetes-group-version-kind");
        WriteGroupVersionKind(w, null, kind, kindName);
        w.WriteEndArray();
    }

    /// <summary>Writes one group-version-kind object (an operation's is a single object, named).</summary>
    public static void WriteGroupVersionKind(Utf8JsonWriter w, string? name, KindRegistration kind, string kindName)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        w.WriteString("group", kind.Group);
        w.WriteString("kind", kindName);
        w.WriteString("version", kind.Version);
        w.WriteEndObject();
    }

    /// <summary>Writes a schema; <paramref name="extra"/> adds fields to its object (the group-version-kind).</summary>
    public static void Write(Utf8JsonWriter w, OpenApiVersion version, SchemaNode schema, Action? extra = null)
    {
        w.WriteStartObject();
        if (schema.Ref is { } target)
        {
            // v2 puts the description beside $ref; v3 (where $ref must stand alone) wraps the reference in allOf.
            if (version == OpenApiVersion.V2)
            {
                w.WriteString("$ref", Reference(version, target));
            }
            else
            {
                w.WriteStartArray("allOf");
                w.WriteStartObject();
                w.WriteString("$ref", Reference(version, target));
                w.WriteEndObject();
                w.WriteEndArray();
            }
        }

        if (schema.Description.Length > 0)
        {
            w.WriteString("description", schema.Description);
        }

        if (schema.Type is { } type)
        {
            w.WriteString("type", type);
        }

        if (schema.Format is { } format)
        {
            w.WriteString("format", format);
        }

        if (schema.Required.Count > 0)
        {
            w.WriteStartArray("required");
            foreach (var name in schema.Required)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
        }

        if (schema.Items is { } items)
        {
            w.WritePropertyName("items");
            Write(w, version, items);
        }

        if (schema.AdditionalProperties is { } values)
        {
            w.WritePropertyName("additionalProperties");
            Write(w, version, values);
        }

        if (schema.Properties.Count > 0)
        {
            w.WriteStartObject("properties");
            foreach (var property in schema.Properties)
            {
                w.WritePropertyName(property.Name);
                Write(w, version, property.Schema);
            }

            w.WriteEndObject();
        }

        WriteExtensions(w, schema);
        extra?.Invoke();
        w.WriteEndObject();
    }

    private static void WriteExtensions(Utf8JsonWriter w, SchemaNode schema)
    {
        if (schema.ListMapKeys.Count > 0)
        {
            w.WriteStartArray("x-kubernetes-list-map-keys");
            foreach (var key in schema.ListMapKeys)
            {
                w.WriteStringValue(key);
            }

            w.WriteEndArray();
        }

        WriteIfSet(w, "x-kubernetes-list-type", schema.ListType);
        WriteIfSet(w, "x-kubernetes-map-type", schema.MapType);
        WriteIfSet(w, "x-kubernetes-patch-merge-key", schema.PatchMergeKey);
        WriteIfSet(w, "x-kubernetes-patch-strategy", schema.PatchStrategy);
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
