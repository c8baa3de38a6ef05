using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>RFC 7234 <c>Warning</c> headers, as kube-apiserver sends for <c>fieldValidation=Warn</c> findings.</summary>
internal static class Warnings
{
    /// <summary>
    /// Adds <c>Warning: 299 - "text"</c>. The text may name a field the client sent, so it can hold any character;
    /// a header value must be printable ASCII (Kestrel fails the whole response otherwise), so the others are
    /// written as <c>\uXXXX</c>.
    /// </summary>
    public static void Add(HttpContext http, string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '"')
            {
                escaped.Append('\\').Append(c);
            }
            else if (c is < ' ' or > '~')
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        http.Response.Headers.Append("Warning", $"299 - \"{escaped}\"");
    }
}
