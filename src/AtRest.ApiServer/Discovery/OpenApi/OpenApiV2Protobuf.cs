using System.Text.Json;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>
/// The v2 document as gnostic's <c>openapi_v2.Document</c> protobuf (what kubectl 1.20 asks for), converted from the
/// JSON form so the two cannot differ. Only the messages and fields AtRest's documents use are written:
/// <code>
/// Document   1 swagger  2 info{1 title, 2 version}  8 paths  9 definitions
/// Paths      2 NamedPathItem{1 name, 2 PathItem}
/// PathItem   2 get  3 put  4 post  5 delete  8 patch (Operation)  9 parameters (ParametersItem)
/// Operation  3 description  5 operationId  6 produces  7 consumes  8 parameters  9 responses  10 schemes  13 x-*
/// ParametersItem 1 Parameter{1 BodyParameter{2 name, 3 in, 4 required, 5 schema},
///                            2 NonBodyParameter{3 query{1 required, 2 in, 3 description, 4 name, 6 type, 20 uniqueItems},
///                                               4 path{1 required, 2 in, 3 description, 4 name, 5 type, 19 uniqueItems}}}
/// Responses  1 NamedResponseValue{1 code, 2 ResponseValue{1 Response{1 description, 2 SchemaItem{1 Schema}}}}
/// Definitions 1 NamedSchema{1 name, 2 Schema}
/// Schema     1 $ref  2 format  4 description  19 required  21 additionalProperties{1 Schema}  22 type{1 value}
///            23 items{1 Schema}  24 allOf  25 properties{1 NamedSchema}  31 x-* (NamedAny{1 name, 2 Any{2 yaml}})
/// </code>
/// A vendor extension's value is carried as YAML; its JSON text is valid YAML, which is what kubectl parses.
/// </summary>
internal static class OpenApiV2Protobuf
{
    private static readonly Dictionary<string, int> OperationFields = new(StringComparer.Ordinal)
    {
        ["get"] = 2, ["put"] = 3, ["post"] = 4, ["delete"] = 5, ["patch"] = 8,
    };

    /// <summary>Converts the v2 JSON document.</summary>
    /// <exception cref="InvalidOperationException">The document uses a field this converter does not know.</exception>
    public static byte[] FromJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var message = new ProtoMessage().String(1, root.GetProperty("swagger").GetString());
        var info = root.GetProperty("info");
        message.Message(2, new ProtoMessage().String(1, info.GetProperty("title").GetString()).String(2, info.GetProperty("version").GetString()));
        var paths = new ProtoMessage();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            paths.Message(2, new ProtoMessage().String(1, path.Name).Message(2, PathItem(path.Value)));
        }

        message.Message(8, paths);
        var definitions = new ProtoMessage();
        foreach (var definition in root.GetProperty("definitions").EnumerateObject())
        {
            definitions.Message(1, new ProtoMessage().String(1, definition.Name).Message(2, Schema(definition.Value)));
        }

        return message.Message(9, definitions).ToArray();
    }

    private static ProtoMessage PathItem(JsonElement item)
    {
        var message = new ProtoMessage();
        foreach (var property in item.EnumerateObject())
        {
            if (property.Name == "parameters")
            {
                foreach (var parameter in property.Value.EnumerateArray())
                {
                    message.Message(9, Parameter(parameter));
                }
            }
            else
            {
                message.Message(OperationFields[property.Name], Operation(property.Value));
            }
        }

        return message;
    }

    private static ProtoMessage Operation(JsonElement operation)
    {
        var message = new ProtoMessage();
        foreach (var property in operation.EnumerateObject())
        {
            switch (property.Name)
            {
                case "description": message.String(3, property.Value.GetString()); break;
                case "operationId": message.String(5, property.Value.GetString()); break;
                case "produces": Strings(message, 6, property.Value); break;
                case "consumes": Strings(message, 7, property.Value); break;
                case "parameters":
                    foreach (var parameter in property.Value.EnumerateArray())
                    {
                        message.Message(8, Parameter(parameter));
                    }

                    break;
                case "responses": message.Message(9, Responses(property.Value)); break;
                case "schemes": Strings(message, 10, property.Value); break;
                default: message.Message(13, Extension(property)); break;
            }
        }

        return message;
    }

    private static ProtoMessage Parameter(JsonElement parameter)
    {
        var location = parameter.GetProperty("in").GetString();
        var name = parameter.GetProperty("name").GetString();
        var required = parameter.TryGetProperty("required", out var r) && r.GetBoolean();
        var description = parameter.TryGetProperty("description", out var d) ? d.GetString() : null;
        ProtoMessage inner;
        if (location == "body")
        {
            var body = new ProtoMessage().String(1, description).String(2, name).String(3, location).Bool(4, required)
                .Message(5, Schema(parameter.GetProperty("schema")));
            inner = new ProtoMessage().Message(1, body);
        }
        else
        {
            var type = parameter.GetProperty("type").GetString();
            var unique = parameter.TryGetProperty("uniqueItems", out var u) && u.GetBoolean();
            var (field, sub) = location switch
            {
                "query" => (3, new ProtoMessage().Bool(1, required).String(2, location).String(3, description).String(4, name).String(6, type).Bool(20, unique)),
                "path" => (4, new ProtoMessage().Bool(1, required).String(2, location).String(3, description).String(4, name).String(5, type).Bool(19, unique)),
                _ => throw new InvalidOperationException($"OpenAPI v2 protobuf: parameter location {location} is not converted"),
            };
            inner = new ProtoMessage().Message(2, new ProtoMessage().Message(field, sub));
        }

        return new ProtoMessage().Message(1, inner);
    }

    private static ProtoMessage Responses(JsonElement responses)
    {
        var message = new ProtoMessage();
        foreach (var code in responses.EnumerateObject())
        {
            var response = new ProtoMessage().String(1, code.Value.GetProperty("description").GetString());
            if (code.Value.TryGetProperty("schema", out var schema))
            {
                response.Message(2, new ProtoMessage().Message(1, Schema(schema)));
            }

            message.Message(1, new ProtoMessage().String(1, code.Name).Message(2, new ProtoMessage().Message(1, response)));
        }

        return message;
    }

    private static ProtoMessage Schema(JsonElement schema)
    {
        var message = new ProtoMessage();
        foreach (var property in schema.EnumerateObject())
        {
            switch (property.Name)
            {
                case "$ref": message.String(1, property.Value.GetString()); break;
                case "format": message.String(2, property.Value.GetString()); break;
                case "description": message.String(4, property.Value.GetString()); break;
                case "required": Strings(message, 19, property.Value); break;
                case "additionalProperties": message.Message(21, new ProtoMessage().Message(1, Schema(property.Value))); break;
                case "type": message.Message(22, new ProtoMessage().String(1, property.Value.GetString())); break;
                case "items": message.Message(23, new ProtoMessage().Message(1, Schema(property.Value))); break;
                case "allOf":
                    foreach (var part in property.Value.EnumerateArray())
                    {
                        message.Message(24, Schema(part));
                    }

                    break;
                case "properties":
                    var properties = new ProtoMessage();
                    foreach (var field in property.Value.EnumerateObject())
                    {
                        properties.Message(1, new ProtoMessage().String(1, field.Name).Message(2, Schema(field.Value)));
                    }

                    message.Message(25, properties);
                    break;
                case var name when name.StartsWith("x-", StringComparison.Ordinal): message.Message(31, Extension(property)); break;
                default: throw new InvalidOperationException($"OpenAPI v2 protobuf: schema field {property.Name} is not converted");
            }
        }

        return message;
    }

    private static ProtoMessage Extension(JsonProperty property) =>
        property.Name.StartsWith("x-", StringComparison.Ordinal)
            ? new ProtoMessage().String(1, property.Name).Message(2, new ProtoMessage().String(2, property.Value.GetRawText()))
            : throw new InvalidOperationException($"OpenAPI v2 protobuf: operation field {property.Name} is not converted");

    private static void Strings(ProtoMessage message, int field, JsonElement values)
    {
        foreach (var value in values.EnumerateArray())
        {
            message.String(field, value.GetString());
        }
    }
}
