namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>A scalar with its resolved kind.</summary>
internal sealed record ScalarNode(string Value, ScalarKind Kind, int Line) : DocumentNode(Line)
{
    /// <summary>The Go JSON kind word used in <c>cannot unmarshal X into</c> messages.</summary>
    public string JsonKind => Kind switch
    {
        ScalarKind.String => "string",
        ScalarKind.Bool => "bool",
        ScalarKind.Null => "null",
        _ => "number",
    };

    public override string ToString() => $"scalar({Kind})";
}
