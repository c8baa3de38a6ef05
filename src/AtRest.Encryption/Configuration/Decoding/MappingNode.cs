namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>A map, entries in document order, duplicates kept (the strict decoder reports them).</summary>
internal sealed record MappingNode(IReadOnlyList<KeyValuePair<ScalarNode, DocumentNode>> Entries, int Line) : DocumentNode(Line);
