namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>
/// go-yaml v2's defence against alias bombs (CVE-2019-11253, kept by kube-apiserver): decoding fails with
/// <c>yaml: document contains excessive aliasing</c> once more than 100 of over 1,000 decoded nodes came from
/// aliases and their share exceeds 99% (up to 400,000 nodes), falling linearly to 10% at 4,000,000 nodes.
/// The reader shares an alias's target instead of copying it, so here the counts are the sizes the document
/// would have if expanded, added up as each alias is read; nothing is expanded to count it.
/// </summary>
internal sealed class AliasBudget
{
    private const double RangeLow = 400_000;
    private const double RangeHigh = 4_000_000;

    private double _decoded;
    private double _fromAliases;

    /// <summary>Counts one node read from the text.</summary>
    public void Node() => _decoded++;

    /// <summary>Counts an alias to a node that expands to <paramref name="expandedSize"/> nodes.</summary>
    /// <exception cref="DocumentFormatException">The aliases now make up too much of the document.</exception>
    public void Alias(double expandedSize)
    {
        _decoded += expandedSize + 1;
        _fromAliases += expandedSize;
        if (_fromAliases > 100 && _decoded > 1000 && _fromAliases / _decoded > AllowedRatio(_decoded))
        {
            throw new DocumentFormatException("yaml: document contains excessive aliasing");
        }
    }

    private static double AllowedRatio(double decoded) => decoded switch
    {
        <= RangeLow => 0.99,
        >= RangeHigh => 0.10,
        _ => 0.99 - (0.89 * (decoded - RangeLow) / (RangeHigh - RangeLow)),
    };
}
