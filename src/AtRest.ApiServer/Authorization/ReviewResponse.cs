using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AtRest.ApiServer.Discovery;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Authorization;

/// <summary>Writes a review's answer: 201 with the review in JSON (kubectl 1.32+ accept JSON after protobuf).</summary>
internal static class ReviewResponse
{
    /// <summary>The user the review is about; kube answers 400 when the request carries none.</summary>
    public static AuthenticatedUser UserOf(HttpContext http) =>
        http.GetAuthenticatedUser() ?? throw ApiErrors.BadRequest("no user present on request");

    /// <summary>Writes <c>kind</c>, <c>apiVersion</c>, then what <paramref name="body"/> writes.</summary>
    public static Task WriteAsync(HttpContext http, GroupResource resource, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Go's encoder writes a quote in a string as \" (the reasons quote names), not \u0022.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("kind", resource.Kind);
            json.WriteString("apiVersion", resource.GroupVersion);
            body(json);
            json.WriteEndObject();
        }

        return JsonBytes.Write(http, buffer.WrittenMemory, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Writes <paramref name="name"/> when <paramref name="value"/> is not empty (Go's omitempty).</summary>
    public static void WriteIfSet(Utf8JsonWriter json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>Writes a string array.</summary>
    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
