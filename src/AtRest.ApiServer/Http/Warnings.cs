using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>RFC 7234 <c>Warning</c> headers, as kube-apiserver sends for <c>fieldValidation=Warn</c> findings.</summary>
internal static class Warnings
{
    /// <summary>Adds <c>Warning: 299 - "text"</c>.</summary>
    public static void Add(HttpContext http, string text)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        http.Response.Headers.Append("Warning", $"299 - \"{escaped}\"");
    }
}
