namespace AtRest.Storage.Tests.Etcd;

/// <summary>The backend contract against a real single-member etcd.</summary>
[Trait("Category", "Integration")]
[Collection(EtcdContractCollection.Name)]
public sealed class EtcdKeyValueStoreContractTests(EtcdServerFixture etcd) : KeyValueStoreContractTests
{
    /// <inheritdoc />
    protected override Task<IKeyValueStore> CreateStoreAsync() => Task.FromResult<IKeyValueStore>(etcd.CreateStore());
}
