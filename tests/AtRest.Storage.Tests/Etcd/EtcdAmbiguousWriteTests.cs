using System.Security.Cryptography;
using AtRest.Storage.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>
/// A write whose response was lost after it committed is retried; the retry must not report the write's own
/// result as a conflict, nor report success for somebody else's write.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EtcdCollection.Name)]
public sealed class EtcdAmbiguousWriteTests(EtcdServerFixture etcd)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly LoseResponseInterceptor _lose = new();

    private EtcdKeyValueStore CreateStore() => new(new EtcdOptions { Endpoints = etcd.Server.Endpoints }, _lose);

    private static string Key() => $"/registry/secrets/ambiguous-{Guid.NewGuid():N}/s";

    [Fact]
    public async Task CreateWhoseResponseWasLostReportsItsOwnSuccess()
    {
        await using var store = CreateStore();
        var key = Key();
        var value = RandomNumberGenerator.GetBytes(32);
        _lose.Armed = 1;

        var created = await store.CreateAsync(key, value, Cancel);

        Assert.Equal(0, _lose.Armed);
        Assert.True(created.Succeeded);
        Assert.Equal(value, created.KeyValue!.Value);
        Assert.Equal((await store.GetAsync(key, Cancel))!.ModRevision, created.KeyValue.ModRevision);
    }

    [Fact]
    public async Task UpdateWhoseResponseWasLostReportsItsOwnSuccess()
    {
        await using var store = CreateStore();
        var key = Key();
        var created = await store.CreateAsync(key, RandomNumberGenerator.GetBytes(32), Cancel);
        var value = RandomNumberGenerator.GetBytes(32);
        _lose.Armed = 1;

        var updated = await store.UpdateAsync(key, value, created.KeyValue!.ModRevision, Cancel);

        Assert.Equal(0, _lose.Armed);
        Assert.True(updated.Succeeded);
        Assert.Equal(value, updated.KeyValue!.Value);
        Assert.Equal(created.KeyValue.CreateRevision, updated.KeyValue.CreateRevision);
        Assert.True(updated.KeyValue.ModRevision > created.KeyValue.ModRevision);
    }

    [Fact]
    public async Task RetriedCreateMeetingAnotherWritersValueStillConflicts()
    {
        await using var store = CreateStore();
        var key = Key();
        var theirs = RandomNumberGenerator.GetBytes(32);
        Assert.True((await store.CreateAsync(key, theirs, Cancel)).Succeeded);
        _lose.Armed = 1;

        // The first attempt fails its compare (the key exists), its response is lost, and the retry fails again.
        var mine = await store.CreateAsync(key, RandomNumberGenerator.GetBytes(32), Cancel);

        Assert.Equal(0, _lose.Armed);
        Assert.False(mine.Succeeded);
        Assert.Equal(theirs, mine.KeyValue!.Value);
    }

    [Fact]
    public async Task RetriedStaleUpdateStillConflicts()
    {
        await using var store = CreateStore();
        var key = Key();
        var created = await store.CreateAsync(key, RandomNumberGenerator.GetBytes(32), Cancel);
        var newer = await store.UpdateAsync(key, RandomNumberGenerator.GetBytes(32), created.KeyValue!.ModRevision, Cancel);
        _lose.Armed = 1;

        var stale = await store.UpdateAsync(key, RandomNumberGenerator.GetBytes(32), created.KeyValue.ModRevision, Cancel);

        Assert.False(stale.Succeeded);
        Assert.Equal(newer.KeyValue!.Value, stale.KeyValue!.Value);
    }
}
