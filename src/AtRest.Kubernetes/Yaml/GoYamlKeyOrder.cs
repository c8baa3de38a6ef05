using System.Text;

namespace AtRest.Kubernetes.Yaml;

/// <summary>
/// The key order of go-yaml v2's encoder (what <c>kubectl -o yaml</c> prints): rune by rune, letters compare as
/// characters, a non-letter sorts before a letter (after it when inside a digit run), and runs of digits compare
/// by numeric value, so <c>item2</c> comes before <c>item10</c>.
/// </summary>
internal sealed class GoYamlKeyOrder : IComparer<string>
{
    public static readonly GoYamlKeyOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        if (Less(x, y))
        {
            return -1;
        }

        return Less(y, x) ? 1 : 0;
    }

    private static bool Less(string x, string y)
    {
        var a = ToRunes(x);
        var b = ToRunes(y);
        var inDigits = false;
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            if (a[i] == b[i])
            {
                inDigits = Rune.IsDigit(a[i]);
                continue;
            }

            var aLetter = Rune.IsLetter(a[i]);
            var bLetter = Rune.IsLetter(b[i]);
            if (aLetter && bLetter)
            {
                return a[i] < b[i];
            }

            if (aLetter || bLetter)
            {
                return inDigits ? aLetter : bLetter;
            }

            // Both non-letters: compare the digit runs starting here by value (a run continuing leading zeros
            // counts as non-zero so that "01" and "1" still differ by length below).
            long aValue = 0;
            long bValue = 0;
            if (a[i].Value == '0' || b[i].Value == '0')
            {
                for (var j = i - 1; j >= 0 && Rune.IsDigit(a[j]); j--)
                {
                    if (a[j].Value != '0')
                    {
                        aValue = 1;
                        bValue = 1;
                        break;
                    }
                }
            }

            var aEnd = i;
            for (; aEnd < a.Length && Rune.IsDigit(a[aEnd]); aEnd++)
            {
                aValue = unchecked((aValue * 10) + a[aEnd].Value - '0');
            }

            var bEnd = i;
            for (; bEnd < b.Length && Rune.IsDigit(b[bEnd]); bEnd++)
            {
                bValue = unchecked((bValue * 10) + b[bEnd].Value - '0');
            }

            if (aValue != bValue)
            {
                return aValue < bValue;
            }

            if (aEnd != bEnd)
            {
                return aEnd < bEnd;
            }

            return a[i] < b[i];
        }

        return a.Length < b.Length;
    }

    private static Rune[] ToRunes(string s)
    {
        var runes = new List<Rune>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            runes.Add(rune);
        }

        return [.. runes];
    }
}
