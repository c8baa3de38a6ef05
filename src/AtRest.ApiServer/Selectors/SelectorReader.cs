namespace AtRest.ApiServer.Selectors;

/// <summary>A cursor over a selector string.</summary>
internal sealed class SelectorReader(string text)
{
    private int position;

    /// <summary>Whether everything has been read.</summary>
    public bool AtEnd => position >= text.Length;

    /// <summary>The next character (only when not <see cref="AtEnd"/>).</summary>
    public char Peek => text[position];

    /// <summary>The character just consumed.</summary>
    public char Previous => text[position - 1];

    /// <summary>What is left, for error messages.</summary>
    public string Rest => AtEnd ? "" : text[position..];

    /// <summary>Skips blanks.</summary>
    public void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    /// <summary>Consumes <paramref name="token"/> if it comes next.</summary>
    public bool TryTake(string token)
    {
        if (string.CompareOrdinal(text, position, token, 0, token.Length) == 0 && position + token.Length <= text.Length)
        {
            position += token.Length;
            return true;
        }

        return false;
    }

    /// <summary>Reads up to the next blank or operator character.</summary>
    public string ReadWord()
    {
        var start = position;
        while (!AtEnd && !char.IsWhiteSpace(text[position]) && text[position] is not (',' or '=' or '!' or '(' or ')' or '<' or '>'))
        {
            position++;
        }

        return text[start..position];
    }
}
