namespace AtRest.ApiServer.Http;

/// <summary>One entry of an Accept header: <c>type/subtype;key=value;…</c>.</summary>
/// <param name="MediaType">The lower-cased <c>type/subtype</c>.</param>
/// <param name="Parameters">The parameters, keys lower-cased, values as sent.</param>
internal sealed record MediaRange(string MediaType, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The value of a parameter, or null.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>Whether this range accepts plain JSON (<c>application/json</c>, <c>application/*</c>, <c>*/*</c>) with no <c>as=</c> conversion.</summary>
    public bool AcceptsPlainJson =>
        this["as"] is null && MediaType is "application/json" or "application/*" or "*/*";

    /// <summary>The entries of an Accept header, in the order sent (kube-apiserver also honours order, not q).</summary>
    public static IReadOnlyList<MediaRange> ParseAccept(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }

        var result = new List<MediaRange>();
        foreach (var entry in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; i < parts.Length; i++)
            {
                var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    parameters[parts[i][..eq].Trim().ToLowerInvariant()] = parts[i][(eq + 1)..].Trim().Trim('"');
                }
            }

            result.Add(new MediaRange(parts[0].ToLowerInvariant(), parameters));
        }

        return result;
    }
}
