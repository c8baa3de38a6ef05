using System.Text;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Defence in depth for failures: AtRest's error messages name fields and keys, never values, but a Status message is
/// text a later change could fill with anything. When a request for a resource holding secret values fails, every
/// value its body carried (as sent, and decoded from base64) is replaced by its fingerprint in the recorded message,
/// details and response body. Values shorter than <see cref="MinimumLength"/> are left: replacing every "a" would make
/// messages unreadable, and so short a value is no secret worth the name.
/// </summary>
internal sealed class ErrorValueScrubber(ValueFingerprinter fingerprinter)
{
    /// <summary>The shortest value that is looked for.</summary>
    public const int MinimumLength = 4;

    /// <summary>The values in a request body, longest first, each with its fingerprint.</summary>
    public IReadOnlyList<(string Value, string Fingerprint)> ValuesOf(JsonNode? body, bool dataIsBase64, bool isPatch)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(body, dataIsBase64, allStrings: isPatch, inValues: false, found);
        return found.OrderByDescending(p => p.Key.Length).Select(p => (p.Key, p.Value)).ToArray();
    }

    /// <summary><paramref name="text"/> with every value replaced by its fingerprint.</summary>
    public static string Scrub(string text, IReadOnlyList<(string Value, string Fingerprint)> values)
    {
        foreach (var (value, fingerprint) in values)
        {
            text = text.Replace(value, fingerprint, StringComparison.Ordinal);
        }

        return text;
    }

    private void Collect(JsonNode? node, bool dataIsBase64, bool allStrings, bool inValues, Dictionary<string, string> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var values = inValues || name is "data" or "stringData" or "binaryData" or "kubectl.kubernetes.io/last-applied-configuration";
                    var keep = allStrings && name is not ("op" or "path" or "from");
                    Collect(value, dataIsBase64, keep || (allStrings && values), values, found);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, dataIsBase64, allStrings, inValues, found);
                }

                break;
            case JsonValue leaf when (inValues || allStrings) && leaf.TryGetValue<string>(out var text) && text.Length >= MinimumLength:
                found.TryAdd(text, fingerprinter.Fingerprint(text));
                if (DecodedText(text) is { Length: >= MinimumLength } decoded)
                {
                    found.TryAdd(decoded, fingerprinter.FingerprintBase64(text));
                }

                break;
        }
    }

    private static string? DecodedText(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
