namespace AtRest.Storage.Tests.Etcd;

/// <summary>The contract suite gets its own etcd server, so its compactions never touch other tests' history.</summary>
[CollectionDefinition(Name)]
public sealed class EtcdContractCollection : ICollectionFixture<EtcdServerFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "etcd-contract";
}
