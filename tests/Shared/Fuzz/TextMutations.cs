using System.Text;

namespace AtRest.Tests.Shared.Fuzz;

/// <summary>
/// Token-level edits of JSON and YAML: a value swapped for another type, huge and malformed numbers, escapes that
/// decode to lone surrogates, duplicated keys, and for YAML anchors, aliases, tags, merge keys and directives.
/// Edits land at structural places (after <c>:</c>, <c>,</c>, <c>{</c>, <c>[</c> or a line break) more often than not.
/// </summary>
internal static class TextMutations
{
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-0", "1.5", "1e999999", "-1e999999", "1E+2", "123456789012345678901234567890",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648", "\"\"", "[]", "{}",
        "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"a\\u0000b\"", "\"\\uZZZZ\"", "\"!!!not base64\"", "\"dmFsdWU=\"",
        "\"0000-01-01T00:00:00Z\"", "\"2024-02-30T25:61:61Z\"", "\"9999-12-31T23:59:59.999999999+23:59\"",
        "\"0001-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00.1234567891Z\"", "[null]", "[[]]", "{\"\":\"\"}",
    ];

    private static readonly string[] JsonTokens =
    [
        "{", "}", "[", "]", "\"", "\\", ",", ":", "\"kind\":\"SecretList\",", "\"kind\":\"Status\",", "\"apiVersion\":\"v2\",",
        "\"metadata\":{},", "\"metadata\":null,", "\"data\":{\"a\":\"!!!\"},", "\"generation\":1.5,", "/* c */", "\uFEFF",
        "\"items\":[{}],", "\"kind\":null,", "\"kind\":1,",
    ];

    private static readonly string[] YamlTokens =
    [
        "&a ", "*a", "*undefined", "<<: *a\n", "<<: [*a, *a]\n", "!!binary ", "!!int ", "!!float ", "!!str ", "!!map ",
        "!!seq ", "!!null ", "!!bool ", "!!timestamp ", "!custom ", "!<tag:yaml.org,2002:str> ", "!!python/object ", "? ",
        "- ", ": ", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "|\n", ">-\n", "\t", "\r", "\uFEFF",
        "0777777777777777777777777777777", "0o17", "0xFFFFFFFFFFFFFFFFFF", "0b1111", "1e400", "-1e400", ".inf", ".nan",
        "190:20:30", "~", "\"\\ud800\"", "\"\\U0010FFFF\"", "\"\\x00\"", "'it''s'", "{a: [b, {c: d}]}", "[", "]", "{", "}",
        "#", "\"", "'", "\n  - x\n", "data: &x {a: YQ==}\n", "&a [*a]", "yes", "No", "on", "2001-12-14t21:59:43.10-05:00",
        "\n? [a, b]\n: c\n", "!!binary |\n  R0lGODlhDAAMAIQAAP//9/X17unp5WZmZgAAAOfn515eXvPz7Y6OjuDg4J+fn5\n",
    ];

    public static byte[] Apply(FuzzFormat format, Random random, byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var at = Structural(random, text);
        var token = random.Next(3) switch
        {
            0 => Values[random.Next(Values.Length)],
            _ when format == FuzzFormat.Yaml => YamlTokens[random.Next(YamlTokens.Length)],
            _ => JsonTokens[random.Next(JsonTokens.Length)],
        };

        switch (random.Next(4))
        {
            case 0:
                // Replace the value that starts here (up to the next separator) by the token.
                var end = at;
                while (end < text.Length && text[end] is not (',' or '}' or ']' or '\n'))
                {
                    end++;
                }

                return Encoding.UTF8.GetBytes(text[..at] + token + text[end..]);
            case 1:
                return DuplicateKey(random, text);
            default:
                return Encoding.UTF8.GetBytes(text[..at] + token + text[at..]);
        }
    }

    // Copies one "key: value" line or "key": value pair right after itself, so the key appears twice.
    private static byte[] DuplicateKey(Random random, string text)
    {
        var lines = text.Split('\n');
        if (lines.Length > 2)
        {
            var index = random.Next(lines.Length);
            var copy = lines.Take(index + 1).Append(lines[index]).Concat(lines.Skip(index + 1));
            return Encoding.UTF8.GetBytes(string.Join('\n', copy));
        }

        var colon = text.IndexOf("\":", random.Next(text.Length + 1), StringComparison.Ordinal);
        var open = colon < 0 ? -1 : text.LastIndexOf('"', colon - 1);
        if (open < 0)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var key = text[open..(colon + 2)];
        return Encoding.UTF8.GetBytes(text[..open] + key + "\"dup\"," + text[open..]);
    }

    private static int Structural(Random random, string text)
    {
        var at = random.Next(text.Length + 1);
        if (random.Next(4) == 0)
        {
            return at;
        }

        for (var i = at; i < text.Length; i++)
        {
            if (text[i] is ':' or ',' or '{' or '[' or '\n')
            {
                return i + 1 < text.Length && text[i] == ':' && text[i + 1] == ' ' ? i + 2 : i + 1;
            }
        }

        return at;
    }
}
