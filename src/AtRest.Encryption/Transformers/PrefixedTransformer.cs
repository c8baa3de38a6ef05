using System.Text;

namespace AtRest.Encryption.Transformers;

/// <summary>One element of a prefix chain: the ASCII prefix written before the inner transformer's output.</summary>
internal sealed class PrefixedTransformer
{
    public PrefixedTransformer(string prefix, StorageTransformer transformer)
    {
        PrefixText = prefix;
        Prefix = Encoding.UTF8.GetBytes(prefix);
        Transformer = transformer;
    }

    public string PrefixText { get; }

    public byte[] Prefix { get; }

    public StorageTransformer Transformer { get; }

    public override string ToString() => PrefixText.Length == 0 ? "identity" : PrefixText;
}
