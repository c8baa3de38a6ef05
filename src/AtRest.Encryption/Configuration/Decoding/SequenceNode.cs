namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>A list.</summary>
internal sealed record SequenceNode(IReadOnlyList<DocumentNode> Items, int Line) : DocumentNode(Line);
