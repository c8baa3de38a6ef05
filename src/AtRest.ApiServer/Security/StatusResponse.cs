using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>Writes a <c>metav1.Status</c> failure, the error body kubectl prints.</summary>
internal static class StatusResponse
{
    /// <summary>Sends <paramref name="code"/> with a Status carrying <paramref name="reason"/> and <paramref name="message"/>.</summary>
    public static Task WriteAsync(HttpContext context, int code, string reason, string message,
        IReadOnlyDictionary<string, string>? details = null)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "Status");
            json.WriteString("apiVersion", "v1");
            json.WriteStartObject("metadata");
            json.WriteEndObject();
            json.WriteString("status", "Failure");
            json.WriteString("message", message);
            json.WriteString("reason", reason);
            if (details is not null)
            {
                json.WriteStartObject("details");
                foreach (var (key, value) in details)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteNumber("code", code);
            json.WriteEndObject();
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        buffer.WriteByte((byte)'\n');
        return context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).AsTask();
    }
}
