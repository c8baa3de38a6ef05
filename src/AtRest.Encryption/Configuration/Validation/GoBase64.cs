namespace AtRest.Encryption.Configuration.Validation;

/// <summary>
/// Go's <c>base64.StdEncoding.DecodeString</c>: standard alphabet, padding required, CR and LF skipped,
/// anything else (spaces, URL-safe characters, missing padding) rejected. .NET's decoder is laxer, hence this.
/// </summary>
internal static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Decodes, or returns null with Go's error text (which names a byte offset, never the content).</summary>
    public static byte[]? TryDecode(string text, out string error)
    {
        error = "";
        var chars = new List<char>(text.Length);
        var offsets = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                continue;
            }

            chars.Add(text[i]);
            offsets.Add(i);
        }

        var output = new List<byte>(chars.Count * 3 / 4);
        for (var block = 0; block < chars.Count; block += 4)
        {
            var values = new int[4];
            var count = 0;
            for (var j = 0; j < 4; j++)
            {
                var index = block + j;
                if (index >= chars.Count)
                {
                    error = $"illegal base64 data at input byte {(index < offsets.Count ? offsets[index] : text.Length)}";
                    return null;
                }

                var c = chars[index];
                if (c == '=')
                {
                    // Padding: only in positions 2 or 3 of the last block, and "=" in position 2 must be followed by "=".
                    var valid = j >= 2 && (j == 3 || (index + 1 < chars.Count && chars[index + 1] == '=')) && block + 4 == chars.Count;
                    if (!valid)
                    {
                        error = $"illegal base64 data at input byte {offsets[index]}";
                        return null;
                    }

                    break;
                }

                var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
                if (value < 0)
                {
                    error = $"illegal base64 data at input byte {offsets[index]}";
                    return null;
                }

                values[j] = value;
                count++;
            }

            output.Add((byte)((values[0] << 2) | (values[1] >> 4)));
            if (count > 2)
            {
                output.Add((byte)((values[1] << 4) | (values[2] >> 2)));
            }

            if (count > 3)
            {
                output.Add((byte)((values[2] << 6) | values[3]));
            }
        }

        return [.. output];
    }
}
