namespace AtRest.Encryption.Configuration.Validation;

/// <summary>The parts of Go's <c>url.Parse</c> that KMS endpoint validation depends on: the scheme and the errors.</summary>
internal static class GoUrl
{
    /// <summary>Returns the lower-cased scheme ("" when none), or null with Go's error text.</summary>
    public static string? TryGetScheme(string url, out string error)
    {
        error = "";
        if (url.Any(c => c < 0x20 || c == 0x7f))
        {
            error = $"parse {GoFormat.Quote(url)}: net/url: invalid control character in URL";
            return null;
        }

        var rest = url;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var scheme = "";
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0)
                {
                    break;
                }

                continue;
            }

            if (c == ':')
            {
                if (i == 0)
                {
                    error = $"parse {GoFormat.Quote(url)}: missing protocol scheme";
                    return null;
                }

                scheme = rest[..i].ToLowerInvariant();
                rest = rest[(i + 1)..];
            }

            break;
        }

        var percent = rest.IndexOf('%', StringComparison.Ordinal);
        while (percent >= 0)
        {
            if (percent + 2 >= rest.Length || !Uri.IsHexDigit(rest[percent + 1]) || !Uri.IsHexDigit(rest[percent + 2]))
            {
                var bad = rest[percent..Math.Min(rest.Length, percent + 3)];
                error = $"parse {GoFormat.Quote(url)}: invalid URL escape {GoFormat.Quote(bad)}";
                return null;
            }

            percent = rest.IndexOf('%', percent + 3);
        }

        if (scheme.Length == 0)
        {
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var firstSegment = slash >= 0 ? rest[..slash] : rest;
            if (firstSegment.Contains(':', StringComparison.Ordinal))
            {
                error = $"parse {GoFormat.Quote(url)}: first path segment in URL cannot contain colon";
                return null;
            }
        }

        return scheme;
    }
}
