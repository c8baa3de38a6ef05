using YamlDotNet.Core;

namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>What <see cref="YamlDocumentReader"/> carries through one document: anchors with their expanded sizes, the alias budget.</summary>
internal sealed class YamlReadState(IParser parser)
{
    public IParser Parser { get; } = parser;

    public Dictionary<string, (DocumentNode Node, double Size)> Anchors { get; } = new(StringComparer.Ordinal);

    public AliasBudget Budget { get; } = new();

    /// <summary>The line of the last node started, for errors YamlDotNet raises without a position.</summary>
    public int Line { get; set; } = 1;
}
