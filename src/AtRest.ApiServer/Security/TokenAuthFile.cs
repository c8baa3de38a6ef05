namespace AtRest.ApiServer.Security;

/// <summary>
/// kube-apiserver's <c>--token-auth-file</c>: CSV records <c>token,user,uid[,"group1,group2"[,...]]</c> (columns after
/// the fourth are ignored). As kube does, a record with an empty token is skipped with a warning and a repeated token
/// keeps its last record, also with a warning. The warnings name the record, never the token.
/// </summary>
public static class TokenAuthFile
{
    /// <summary>The users of the file at <paramref name="path"/>, keyed by token.</summary>
    /// <param name="path">The file.</param>
    /// <param name="warnings">Receives kube's warnings (empty or repeated tokens).</param>
    /// <exception cref="FormatException">The file is not valid; the message names the file and the line.</exception>
    public static IReadOnlyList<(string Token, AuthenticatedUser User)> Load(string path, ICollection<string> warnings)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"--token-auth-file: cannot read {path}: {e.Message}", e);
        }

        return Parse(text, path, warnings);
    }

    /// <summary>Parses the content of a token file named <paramref name="path"/> (the name is used in messages only).</summary>
    public static IReadOnlyList<(string Token, AuthenticatedUser User)> Parse(string text, string path, ICollection<string> warnings)
    {
        IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> records;
        try
        {
            records = GoCsvReader.Read(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--token-auth-file {path}: {e.Message}", e);
        }

        var users = new List<(string Token, AuthenticatedUser User)>();
        var recordNumber = 0;
        foreach (var (line, fields) in records)
        {
            if (fields.Count < 3)
            {
                // kube's message, plus the line it does not name.
                throw new FormatException(
                    $"token file '{path}' must have at least 3 columns (token, user name, user uid), found {fields.Count} (line {line})");
            }

            recordNumber++;
            if (fields[0].Length == 0)
            {
                warnings.Add($"empty token has been found in token file '{path}', record number '{recordNumber}' (line {line})");
                continue;
            }

            // kube splits the fourth column on commas; an empty piece names no group, so it is left out.
            var groups = fields.Count >= 4 ? fields[3].Split(',').Where(group => group.Length > 0) : [];
            var user = AuthenticatedUser.Authenticated(fields[1], groups, fields[2]);
            var previous = users.FindIndex(entry => entry.Token == fields[0]);
            if (previous >= 0)
            {
                warnings.Add($"duplicate token has been found in token file '{path}', record number '{recordNumber}' (line {line})");
                users.RemoveAt(previous);
            }

            users.Add((fields[0], user));
        }

        return users;
    }
}
