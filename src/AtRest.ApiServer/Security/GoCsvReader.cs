using System.Text;

namespace AtRest.ApiServer.Security;

/// <summary>
/// Reads CSV records as Go's <c>encoding/csv</c> does with <c>FieldsPerRecord = -1</c> (what kube-apiserver uses for
/// <c>--token-auth-file</c>): empty lines skipped, <c>\r\n</c> read as <c>\n</c>, quoted fields with <c>""</c> escapes
/// and embedded newlines, no trimming, no comments. A malformed record fails with Go's <c>ParseError</c> text, whose
/// column is the 1-based byte offset of the offending quote in its line.
/// </summary>
public static class GoCsvReader
{
    private const string BareQuote = "bare \" in non-quoted-field";
    private const string ExtraneousQuote = "extraneous or missing \" in quoted-field";

    /// <summary>The records of <paramref name="text"/>, each with the line it starts on (1-based).</summary>
    /// <exception cref="FormatException">A record is malformed; the message is Go's.</exception>
    public static IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> Read(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        // A final newline does not start another (empty) line.
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        var records = new List<(int, IReadOnlyList<string>)>();
        var index = 0;
        while (index < count)
        {
            if (lines[index].Length == 0)
            {
                index++;
                continue;
            }

            var start = index + 1;
            records.Add((start, ReadRecord(lines, count, ref index, start)));
        }

        return records;
    }

    private static List<string> ReadRecord(string[] lines, int count, ref int index, int startLine)
    {
        var fields = new List<string>();
        var line = lines[index];
        var position = 0;
        while (true)
        {
            var field = new StringBuilder();
            if (position < line.Length && line[position] == '"')
            {
                position++;
                while (true)
                {
                    var quote = line.IndexOf('"', position);
                    if (quote < 0)
                    {
                        field.Append(line, position, line.Length - position);
                        if (index + 1 >= count)
                        {
                            // Go reports the position just past the line's newline.
                            throw Error(startLine, index + 1, Utf8Length(line) + 2, ExtraneousQuote);
                        }

                        field.Append('\n');
                        index++;
                        line = lines[index];
                        position = 0;
                        continue;
                    }

                    field.Append(line, position, quote - position);
                    position = quote + 1;
                    if (position < line.Length && line[position] == '"')
                    {
                        field.Append('"');
                        position++;
                        continue;
                    }

                    if (position < line.Length && line[position] != ',')
                    {
                        throw Error(startLine, index + 1, Utf8Length(line[..quote]) + 1, ExtraneousQuote);
                    }

                    break;
                }
            }
            else
            {
                var end = line.IndexOf(',', position);
                var value = end < 0 ? line[position..] : line[position..end];
                var bare = value.IndexOf('"');
                if (bare >= 0)
                {
                    throw Error(startLine, index + 1, Utf8Length(line[..(position + bare)]) + 1, BareQuote);
                }

                field.Append(value);
                position += value.Length;
            }

            fields.Add(field.ToString());
            if (position >= line.Length)
            {
                index++;
                return fields;
            }

            position++; // the comma
        }
    }

    private static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    private static FormatException Error(int startLine, int line, int column, string what) =>
        new(startLine == line
            ? $"parse error on line {line}, column {column}: {what}"
            : $"record on line {startLine}; parse error on line {line}, column {column}: {what}");
}
