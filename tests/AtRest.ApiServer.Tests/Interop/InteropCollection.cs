namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// The interop classes run one after the other: each starts an etcd, a kube-apiserver and an atrest server, and
/// four such trios at once would starve the two cores the suite runs on.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InteropCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Interop";
}
