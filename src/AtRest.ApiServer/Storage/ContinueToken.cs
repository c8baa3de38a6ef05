using System.Text.Json;
using AtRest.ApiServer.Errors;

namespace AtRest.ApiServer.Storage;

/// <summary>
/// kube-apiserver's list continuation: base64 of <c>{"v":"meta.k8s.io/v1","rv":&lt;revision&gt;,"start":"&lt;key after the list prefix&gt;\u0000"}</c>.
/// The revision pins later pages to the first page's snapshot; <see cref="Latest"/> (-1) lists the rest at the current
/// revision, the token a 410 for an expired continue token offers.
/// </summary>
/// <param name="Revision">The revision the list is read at, or <see cref="Latest"/>.</param>
/// <param name="Start">The key, relative to the list prefix, at which the next page starts.</param>
internal sealed record ContinueToken(long Revision, string Start)
{
    /// <summary>The revision of a token that continues at the current revision rather than a snapshot.</summary>
    public const long Latest = -1;

    private const string Version = "meta.k8s.io/v1";

    /// <summary>The token text.</summary>
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["v"] = Version, ["rv"] = Revision, ["start"] = Start });
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token sent back by a client; a malformed one is a 400.</summary>
    public static ContinueToken Decode(string token)
    {
        try
        {
            var text = token.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(text));
            var root = doc.RootElement;
            if (root.GetProperty("v").GetString() != Version)
            {
                throw Bad("unsupported version");
            }

            var start = root.GetProperty("start").GetString() ?? "";
            if (start.Length == 0 || start.Contains("..", StringComparison.Ordinal) || start.StartsWith('/'))
            {
                throw Bad("continue key is not valid");
            }

            var revision = root.GetProperty("rv").GetInt64();
            return revision == 0 ? throw Bad("incorrect encoded start resourceVersion (version meta.k8s.io/v1)") : new ContinueToken(revision, start);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw Bad(e is JsonException ? "invalid json" : "invalid encoding");
        }
    }

    private static ApiException Bad(string why) =>
        ApiErrors.BadRequest($"continue key is not valid: {why}");
}
