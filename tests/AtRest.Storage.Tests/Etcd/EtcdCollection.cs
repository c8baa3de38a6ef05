namespace AtRest.Storage.Tests.Etcd;

/// <summary>Test classes in this collection share one etcd server (start-up costs about a second).</summary>
[CollectionDefinition(Name)]
public sealed class EtcdCollection : ICollectionFixture<EtcdServerFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "etcd";
}
