using System.Text;
using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// The re-encryption engine on a real SQLite file and a real etcd: every readable object ends on the write key with its
/// plaintext bytes unchanged, unreadable ones are named and untouched, client writes during the run win and still end on
/// the write key, a run resumes from its checkpoint, restarts under a new configuration, and keeps to its throttle.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReencryptionEngineTests : IDisposable
{
    private readonly TempDirectory _directory = new("reencryption");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sqlite_mixed_store_ends_on_the_write_key()
    {
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await AssertMixedStoreReencryptedAsync(store);
    }

    [Fact]
    public async Task Etcd_mixed_store_ends_on_the_write_key()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints });
        await AssertMixedStoreReencryptedAsync(store);
    }

    [Fact]
    public async Task Sqlite_client_writes_during_the_run_win_and_end_on_the_write_key()
    {
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await AssertClientWritesWinAsync(store);
    }

    [Fact]
    public async Task Etcd_client_writes_during_the_run_win_and_end_on_the_write_key()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints });
        await AssertClientWritesWinAsync(store);
    }

    [Fact]
    public async Task Concurrent_writers_are_never_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await using var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old);
        await using var current = ReencryptionConfigs.Load(ReencryptionConfigs.New);
        await SecretSeed.WriteAsync(store, old, "default", 2_000, ct, dataBytes: 64);

        // Writers as servers would write: read, change, compare-and-swap with the current configuration, until the run ends.
        using var stop = new CancellationTokenSource();
        var last = new Dictionary<string, string>();
        using var gate = new SemaphoreSlim(1, 1);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = SecretSeed.Key("default", random.Next(2_000));
                var entry = await store.GetAsync(key, ct);
                var text = $"client {w} write {n}";
                var value = await ReencryptionConfigs.EncryptAsync(current, key, Encoding.UTF8.GetBytes(text), ct);
                // Recorded under the gate with the write, so the map holds each key's last acknowledged value.
                await gate.WaitAsync(ct);
                try
                {
                    if ((await store.UpdateAsync(key, value, entry!.ModRevision, ct)).Succeeded)
                    {
                        last[key] = text;
                    }
                }
                finally
                {
                    gate.Release();
                }
            }
        }, ct)).ToList();

        var run = await new ReencryptionEngine(store, StorageKeys.Default, TimeProvider.System) { PageSize = 50 }
            .RunAsync(NewRun(current), () => current, ct);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Equal(ReencryptionState.Completed, run.State);
        Assert.Equal(2_000, run.Done);
        Assert.NotEmpty(last);
        for (var i = 0; i < 2_000; i++)
        {
            var key = SecretSeed.Key("default", i);
            var read = await ReencryptionConfigs.ReadAsync(store, current, key, ct);
            Assert.Equal("k8s:enc:aescbc:v1:key2:", read.Source);
            var expected = last.TryGetValue(key, out var text) ? Encoding.UTF8.GetBytes(text) : SecretSeed.Plaintext("default", i, 64);
            Assert.Equal(expected, read.Data.ToArray());
        }
    }

    [Fact]
    public async Task Interrupted_run_resumes_from_its_checkpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await using var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old);
        await using var current = ReencryptionConfigs.Load(ReencryptionConfigs.New);
        await SecretSeed.WriteAsync(store, old, "default", 1_000, ct, dataBytes: 64);
        var checkpoint = new ReencryptionCheckpoint(store, StorageKeys.Default);

        // The first owner stops after its fifth checkpoint, as a crash right after it would.
        using var crash = new CancellationTokenSource();
        var first = new ReencryptionClaim(checkpoint, "first");
        var claimed = await first.TryClaimAsync(NewRun(current), 0, ct);
        var checkpoints = 0;
        var engine = new ReencryptionEngine(store, StorageKeys.Default, TimeProvider.System)
        {
            PageSize = 100,
            Checkpoint = async (run, token) =>
            {
                var written = await first.WriteAsync(run, token);
                if (++checkpoints == 5)
                {
                    await crash.CancelAsync();
                }

                return written;
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RunAsync(claimed!, () => current, crash.Token));

        var (stopped, revision) = await checkpoint.ReadAsync(ct);
        Assert.Equal(ReencryptionState.Running, stopped!.State);
        Assert.Equal(SecretSeed.Key("default", 499), stopped.LastKey);
        Assert.Equal(500, stopped.Done);
        Assert.Equal(1_000, stopped.Total);
        Assert.Equal("first", stopped.Owner);

        var second = new ReencryptionClaim(checkpoint, "second");
        var resumed = await second.TryClaimAsync(stopped, revision, ct);
        var visited = 0;
        var finished = await new ReencryptionEngine(store, StorageKeys.Default, TimeProvider.System)
        {
            PageSize = 100,
            Checkpoint = second.WriteAsync,
            OnOutcome = _ => Interlocked.Increment(ref visited),
        }.RunAsync(resumed!, () => current, ct);

        Assert.Equal(ReencryptionState.Completed, finished.State);
        Assert.Equal(stopped.Id, finished.Id);
        Assert.Equal(500, visited);
        Assert.Equal(1_000, finished.Done);
        Assert.Equal(1_000, finished.Rewritten);
        var stored = (await checkpoint.ReadAsync(ct)).Run!;
        Assert.Equal((finished.Id, ReencryptionState.Completed, 1_000L, "second"), (stored.Id, stored.State, stored.Done, stored.Owner));
        await AssertAllOnAsync(store, current, "k8s:enc:aescbc:v1:key2:", 1_000);

        // The first owner lost the record to the second: its next checkpoint is refused.
        Assert.False(await first.WriteAsync(stopped, ct));
    }

    [Fact]
    public async Task New_configuration_during_the_run_restarts_it_under_that_configuration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await using var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old);
        await using var current = ReencryptionConfigs.Load(ReencryptionConfigs.New);
        await using var newer = ReencryptionConfigs.Load(ReencryptionConfigs.Newer);
        await SecretSeed.WriteAsync(store, old, "default", 600, ct, dataBytes: 64);
        var pages = 0;

        var run = await new ReencryptionEngine(store, StorageKeys.Default, TimeProvider.System) { PageSize = 100 }
            .RunAsync(NewRun(current), () => Interlocked.Increment(ref pages) > 4 ? newer : current, ct);

        Assert.Equal(ReencryptionState.Completed, run.State);
        Assert.Equal(newer.ContentHash, run.ConfigHash);
        Assert.Equal(600, run.Done);
        Assert.Equal(600, run.Rewritten);
        await AssertAllOnAsync(store, newer, "k8s:enc:aescbc:v1:key3:", 600);
    }

    [Fact]
    public async Task Writes_whose_answer_is_lost_are_retried_and_counted_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var real = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await using var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old);
        await using var current = ReencryptionConfigs.Load(ReencryptionConfigs.New);
        await SecretSeed.WriteAsync(real, old, "default", 10, ct, dataBytes: 64);
        var checkpoint = new ReencryptionCheckpoint(real, StorageKeys.Default);
        await using var store = new LostAnswerStore(real, new HashSet<string> { SecretSeed.Key("default", 4), checkpoint.Key });
        var claim = new ReencryptionClaim(new ReencryptionCheckpoint(store, StorageKeys.Default), "owner");
        var claimed = await claim.TryClaimAsync(NewRun(current), 0, ct);
        var clock = new SteppingClock();

        var run = await new ReencryptionEngine(store, StorageKeys.Default, clock) { Checkpoint = claim.WriteAsync }.RunAsync(claimed!, () => current, ct);

        Assert.Equal((ReencryptionState.Completed, 10L, 10L, 0L), (run.State, run.Done, run.Rewritten, run.Conflicts));
        Assert.Equal(ReencryptionState.Completed, (await checkpoint.ReadAsync(ct)).Run!.State);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), "each lost answer waits before its retry");
        await AssertAllOnAsync(real, current, "k8s:enc:aescbc:v1:key2:", 10);
    }

    [Fact]
    public async Task Throttle_keeps_the_count_within_the_rate_on_the_run_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await using var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old);
        await using var current = ReencryptionConfigs.Load(ReencryptionConfigs.New);
        await SecretSeed.WriteAsync(store, old, "default", 300, ct, dataBytes: 64);
        var clock = new SteppingClock();
        long visited = 0;
        long ahead = 0;
        const int Rate = 100;
        const int Batch = Rate / 10;

        var run = await new ReencryptionEngine(store, StorageKeys.Default, clock)
        {
            OnOutcome = _ =>
            {
                var done = Interlocked.Increment(ref visited);
                // A thousandth of an object of slack for the double arithmetic of seconds.
                if (done > (Rate * clock.Elapsed.TotalSeconds) + Batch + 0.001)
                {
                    Interlocked.Increment(ref ahead);
                }
            },
        }.RunAsync(NewRun(current) with { ObjectsPerSecond = Rate }, () => current, ct);

        Assert.Equal(300, run.Done);
        Assert.Equal(0, ahead);
        // The last batch is due at (300 - 10) / 100 s on the run's clock.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds((300.0 - Batch) / Rate), $"the run's clock stood at {clock.Elapsed}");
    }

    private static ReencryptionRun NewRun(LoadedEncryptionConfiguration configuration) => new()
    {
        Id = ReencryptionClaim.NewRunId(),
        ConfigHash = configuration.ContentHash,
        Resources = ["secrets"],
        StartedAt = DateTimeOffset.UnixEpoch,
    };

    private static async Task AssertMixedStoreReencryptedAsync(IKeyValueStore store)
    {
        var ct = TestContext.Current.CancellationToken;
        await MixedStore.SeedAsync(store, ct);
        await using var configuration = ReencryptionConfigs.Load(MixedStore.Current);
        var lost = (await store.GetAsync(MixedStore.LostKey, ct))!;
        var configmap = (await store.GetAsync("/registry/configmaps/default/cm1", ct))!;

        var run = await new ReencryptionEngine(store, StorageKeys.Default, TimeProvider.System).RunAsync(NewRun(configuration), () => configuration, ct);

        Assert.Equal(ReencryptionState.Completed, run.State);
        Assert.Equal((7, 7, 4, 2, 0, 1), (run.Total, run.Done, run.Rewritten, run.Skipped, run.Conflicts, run.Failed));
        var failure = Assert.Single(run.Failures);
        Assert.Equal(MixedStore.LostKey, failure.Key);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        await AssertUntouchedAsync(store, lost, ct);
        await AssertUntouchedAsync(store, configmap, ct);

        var report = await new InventoryScanner(store, StorageKeys.Default).ScanAsync(configuration, includeHistory: false, cancellationToken: ct);
        var secrets = Assert.Single(report.Resources, r => r.Resource == "secrets");
        Assert.Equal(new Dictionary<string, long> { ["k8s:enc:aescbc:v1:key2:"] = 6 }, secrets.ByKey);
        Assert.Equal((0, 0, 1), (secrets.Stale, secrets.PlainText, secrets.Unreadable));
        foreach (var key in new[] { MixedStore.PlainKey, MixedStore.Key1Key, "/registry/secrets/kube-system/under-secretbox", MixedStore.RewrittenKey })
        {
            // The same plaintext bytes, only under the write key.
            Assert.Equal($"value of {key}", Encoding.UTF8.GetString((await ReencryptionConfigs.ReadAsync(store, configuration, key, ct)).Data.Span));
        }

        // A second run finds nothing stale.
        var again = await new ReencryptionEngine(store, StorageKeys.Default, TimeProvider.System).RunAsync(NewRun(configuration), () => configuration, ct);
        Assert.Equal((0, 6, 1), (again.Rewritten, again.Skipped, again.Failed));
    }

    private static async Task AssertClientWritesWinAsync(IKeyValueStore real)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old);
        await using var current = ReencryptionConfigs.Load(ReencryptionConfigs.New);
        await SecretSeed.WriteAsync(real, old, "default", 20, ct, dataBytes: 64);
        var staleWriter = SecretSeed.Key("default", 3);
        var currentWriter = SecretSeed.Key("default", 7);
        var deleter = SecretSeed.Key("default", 11);

        // A server still on the old key, one on the new key, and a delete, each landing between the run's read and its write.
        await using var store = new InterferingStore(real, new Dictionary<string, Func<Task>>
        {
            [staleWriter] = () => ClientWriteAsync(real, old, staleWriter, "from a server on the old key", ct),
            [currentWriter] = () => ClientWriteAsync(real, current, currentWriter, "from a server on the new key", ct),
            [deleter] = async () => Assert.True((await real.DeleteAsync(deleter, 0, ct)).Succeeded),
        });

        var run = await new ReencryptionEngine(store, StorageKeys.Default, TimeProvider.System).RunAsync(NewRun(current), () => current, ct);

        Assert.Equal((20, 20, 17, 0, 3, 0), (run.Total, run.Done, run.Rewritten, run.Skipped, run.Conflicts, run.Failed));
        var stale = await ReencryptionConfigs.ReadAsync(real, current, staleWriter, ct);
        Assert.Equal(("k8s:enc:aescbc:v1:key2:", "from a server on the old key"), (stale.Source, Encoding.UTF8.GetString(stale.Data.Span)));
        var fresh = await ReencryptionConfigs.ReadAsync(real, current, currentWriter, ct);
        Assert.Equal(("k8s:enc:aescbc:v1:key2:", "from a server on the new key"), (fresh.Source, Encoding.UTF8.GetString(fresh.Data.Span)));
        Assert.Null(await real.GetAsync(deleter, ct));
        var report = await new InventoryScanner(real, StorageKeys.Default).ScanAsync(current, includeHistory: false, cancellationToken: ct);
        Assert.Equal(new Dictionary<string, long> { ["k8s:enc:aescbc:v1:key2:"] = 19 }, Assert.Single(report.Resources).ByKey);
    }

    private static async Task AssertUntouchedAsync(IKeyValueStore store, KeyValue before, CancellationToken ct)
    {
        var after = (await store.GetAsync(before.Key, ct))!;
        Assert.Equal(before.ModRevision, after.ModRevision);
        Assert.Equal(before.Value, after.Value);
    }

    private static async Task ClientWriteAsync(IKeyValueStore store, LoadedEncryptionConfiguration configuration, string key, string text, CancellationToken ct)
    {
        var entry = (await store.GetAsync(key, ct))!;
        var value = await ReencryptionConfigs.EncryptAsync(configuration, key, Encoding.UTF8.GetBytes(text), ct);
        Assert.True((await store.UpdateAsync(key, value, entry.ModRevision, ct)).Succeeded);
    }

    private static async Task AssertAllOnAsync(IKeyValueStore store, LoadedEncryptionConfiguration configuration, string prefix, int count)
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < count; i++)
        {
            var read = await ReencryptionConfigs.ReadAsync(store, configuration, SecretSeed.Key("default", i), ct);
            Assert.Equal(prefix, read.Source);
            Assert.Equal(SecretSeed.Plaintext("default", i, 64), read.Data.ToArray());
        }
    }
}
