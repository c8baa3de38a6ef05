using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AtRest.ApiServer.Resources;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>Writes an OpenAPI document (v2 for all kinds, v3 for one group version) from kind registrations.</summary>
internal static class OpenApiDocumentWriter
{
    private static readonly string[] Produces = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

    /// <summary>The document describing <paramref name="kinds"/>, in <paramref name="version"/>'s form.</summary>
    public static byte[] Write(OpenApiVersion version, IReadOnlyList<KindRegistration> kinds, string serverVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (version == OpenApiVersion.V2)
            {
                w.WriteString("swagger", "2.0");
            }
            else
            {
                w.WriteString("openapi", "3.0.0");
            }

            w.WriteStartObject("info");
            w.WriteString("title", "Kubernetes");
            w.WriteString("version", serverVersion);
            w.WriteEndObject();
            WritePaths(w, version, kinds);
            if (version == OpenApiVersion.V2)
            {
                w.WriteStartObject("definitions");
            }
            else
            {
                w.WriteStartObject("components");
                w.WriteStartObject("schemas");
            }

            foreach (var definition in OpenApiDefinitions.For(kinds))
            {
                OpenApiSchemaWriter.WriteDefinition(w, version, definition);
            }

            w.WriteEndObject();
            if (version == OpenApiVersion.V3)
            {
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePaths(Utf8JsonWriter w, OpenApiVersion version, IReadOnlyList<KindRegistration> kinds)
    {
        w.WriteStartObject("paths");
        foreach (var (path, operations) in kinds.SelectMany(OpenApiOperation.PathsOf).OrderBy(p => p.Path, StringComparer.Ordinal))
        {
            w.WriteStartObject(path);
            foreach (var operation in operations)
            {
                w.WritePropertyName(operation.Method);
                WriteOperation(w, version, operation);
            }

            w.WriteStartArray("parameters");
            if (path.Contains("{name}", StringComparison.Ordinal))
            {
                WritePathParameter(w, version, "name", $"name of the {operations[0].Kind.Kind}");
            }

            if (path.Contains("{namespace}", StringComparison.Ordinal))
            {
                WritePathParameter(w, version, "namespace", "object name and auth scope, such as for teams and projects");
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteOperation(Utf8JsonWriter w, OpenApiVersion version, OpenApiOperation operation)
    {
        w.WriteStartObject();
        w.WriteString("description", operation.Description);
        if (version == OpenApiVersion.V2)
        {
            Strings(w, "consumes", operation.Method == "patch" ? OpenApiOperation.PatchTypes : ["*/*"]);
            Strings(w, "produces", Produces);
            Strings(w, "schemes", ["https"]);
        }

        w.WriteString("operationId", operation.OperationId);
        w.WriteStartArray("parameters");
        if (version == OpenApiVersion.V2 && operation.Body is { } body)
        {
            w.WriteStartObject();
            w.WriteString("name", "body");
            w.WriteString("in", "body");
            w.WriteBoolean("required", true);
            w.WriteStartObject("schema");
            w.WriteString("$ref", OpenApiSchemaWriter.Reference(version, body));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        foreach (var parameter in operation.Parameters)
        {
            WriteQueryParameter(w, version, parameter);
        }

        w.WriteEndArray();
        if (version == OpenApiVersion.V3 && operation.Body is { } requestBody)
        {
            w.WriteStartObject("requestBody");
            w.WriteStartObject("content");
            foreach (var mediaType in operation.Method == "patch" ? OpenApiOperation.PatchTypes : ["*/*"])
            {
                w.WriteStartObject(mediaType);
                WriteRefSchema(w, version, requestBody);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteBoolean("required", true);
            w.WriteEndObject();
        }

        w.WriteStartObject("responses");
        w.WriteStartObject("200");
        w.WriteString("description", "OK");
        if (operation.Response is { } response)
        {
            if (version == OpenApiVersion.V2)
            {
                WriteRefSchema(w, version, response);
            }
            else
            {
                w.WriteStartObject("content");
                foreach (var mediaType in Produces)
                {
                    w.WriteStartObject(mediaType);
                    WriteRefSchema(w, version, response);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("x-kubernetes-action", operation.Action);
        OpenApiSchemaWriter.WriteGroupVersionKind(w, "x-kubernetes-group-version-kind", operation.Kind, operation.Kind.Kind);
        w.WriteEndObject();
    }

    private static void WriteRefSchema(Utf8JsonWriter w, OpenApiVersion version, string definition)
    {
        w.WriteStartObject("schema");
        w.WriteString("$ref", OpenApiSchemaWriter.Reference(version, definition));
        w.WriteEndObject();
    }

    private static void WriteQueryParameter(Utf8JsonWriter w, OpenApiVersion version, QueryParameter parameter)
    {
        w.WriteStartObject();
        w.WriteString("name", parameter.Name);
        w.WriteString("in", "query");
        w.WriteString("description", parameter.Description);
        WriteParameterType(w, version, parameter.Type);
        w.WriteEndObject();
    }

    private static void WritePathParameter(Utf8JsonWriter w, OpenApiVersion version, string name, string description)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("in", "path");
        w.WriteString("description", description);
        w.WriteBoolean("required", true);
        WriteParameterType(w, version, "string");
        w.WriteEndObject();
    }

    // v2 types a parameter in place; v3 through a schema.
    private static void WriteParameterType(Utf8JsonWriter w, OpenApiVersion version, string type)
    {
        if (version == OpenApiVersion.V3)
        {
            w.WriteStartObject("schema");
        }

        w.WriteString("type", type);
        w.WriteBoolean("uniqueItems", true);
        if (version == OpenApiVersion.V3)
        {
            w.WriteEndObject();
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
