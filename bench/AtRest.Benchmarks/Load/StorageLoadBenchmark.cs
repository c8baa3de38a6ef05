using System.Security.Cryptography;
using System.Text;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;
using Google.Protobuf;
using Grpc.Net.Client;
using Rpc = Etcdserverpb;

namespace AtRest.Benchmarks.Load;

/// <summary>
/// put / get / range throughput of each backend at 1 and 64 callers, beside a bare gRPC etcd client making
/// the same calls to the same local etcd in the same run.
/// <code>dotnet run -c Release --project bench/AtRest.Benchmarks -- storage [seconds]</code>
/// </summary>
internal static class StorageLoadBenchmark
{
    private const int ValueSize = 1024;
    private const int GetKeys = 10_000;
    private const int RangePage = 500;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(1, seconds / 3));
        var value = RandomNumberGenerator.GetBytes(ValueSize);
        await using var etcd = await EtcdServer.StartAsync();
        using var temp = new TempDirectory("bench-sqlite");

        using var rawChannel = GrpcChannel.ForAddress(etcd.Endpoint, new GrpcChannelOptions { MaxReceiveMessageSize = 512 * 1024 * 1024 });
        var raw = new Rpc.KV.KVClient(rawChannel);
        var backends = new (string Name, Func<Task<IKeyValueStore?>> Open)[]
        {
            ("raw etcd (bare gRPC client)", () => Task.FromResult<IKeyValueStore?>(null)),
            ("etcd backend", () => Task.FromResult<IKeyValueStore?>(new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))),
            ("sqlite backend", () => Task.FromResult<IKeyValueStore?>(SqliteKeyValueStore.Open(temp.File("state.db")))),
        };

        var results = new List<LoadResult>();
        var run = 0;
        long sequence = 0; // put keys stay unique across the warm-up and the timed run
        foreach (var (name, open) in backends)
        {
            await using var store = await open();
            var prefix = $"/bench/{run++}";
            await PopulateAsync(raw, store, prefix, value);
            foreach (var concurrency in new[] { 1, 64 })
            {
                await CompactAsync(raw);
                var putPrefix = $"{prefix}/put/c{concurrency}";
                results.Add(await LoadRunner.RunAsync($"{name}: put (create) 1 KiB", concurrency, duration,
                    (_, _) => PutAsync(raw, store, $"{putPrefix}/{Interlocked.Increment(ref sequence)}", value), warmup));
                await CompactAsync(raw);
                results.Add(await LoadRunner.RunAsync($"{name}: get", concurrency, duration,
                    (w, n) => GetAsync(raw, store, $"{prefix}/get/{(w * 7919 + n * 104729) % GetKeys:D5}"), warmup));
                results.Add(await LoadRunner.RunAsync($"{name}: range page of {RangePage}", concurrency, duration,
                    (w, n) => RangeAsync(raw, store, $"{prefix}/get/"), warmup));
            }
        }

        Console.WriteLine($"Storage load, {seconds:0.#} s per case, 1 KiB values, {GetKeys} keys for get/range, etcd {etcd.Endpoint}");
        Console.WriteLine("| case | callers | ops/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            Console.WriteLine(r.ToRow());
        }

        double Ops(string name, string op, int c) => results.First(r => r.Name.StartsWith(name, StringComparison.Ordinal) && r.Name.Contains(op, StringComparison.Ordinal) && r.Concurrency == c).OpsPerSecond;
        Console.WriteLine();
        Console.WriteLine("| ratio | value | target |");
        Console.WriteLine("| --- | --- | --- |");
        foreach (var op in new[] { "put", "get", "range" })
        {
            foreach (var c in new[] { 1, 64 })
            {
                Console.WriteLine($"| etcd backend / raw etcd, {op}, {c} callers | {Ops("etcd backend", op, c) / Ops("raw etcd", op, c):F2} | >= 0.8 |");
            }
        }

        Console.WriteLine($"| sqlite / raw etcd, put, 64 callers | {Ops("sqlite", "put", 64) / Ops("raw etcd", "put", 64):F2} | >= 1 |");
        Console.WriteLine($"| sqlite / raw etcd, get, 1 caller | {Ops("sqlite", "get", 1) / Ops("raw etcd", "get", 1):F1} | >= 20 |");
    }

    private static async Task PopulateAsync(Rpc.KV.KVClient raw, IKeyValueStore? store, string prefix, byte[] value)
    {
        var tasks = new List<Task>();
        for (var i = 0; i < GetKeys; i++)
        {
            tasks.Add(PutAsync(raw, store, $"{prefix}/get/{i:D5}", value));
            if (tasks.Count == 64)
            {
                await Task.WhenAll(tasks);
                tasks.Clear();
            }
        }

        await Task.WhenAll(tasks);
    }

    // The bare client makes exactly the backend's call: one Txn "create if absent, else read".
    private static async Task PutAsync(Rpc.KV.KVClient raw, IKeyValueStore? store, string key, byte[] value)
    {
        if (store is not null)
        {
            var result = await store.CreateAsync(key, value);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"create {key} failed");
            }

            return;
        }

        var encoded = ByteString.CopyFromUtf8(key);
        var txn = new Rpc.TxnRequest();
        txn.Compare.Add(new Rpc.Compare { Key = encoded, Target = Rpc.Compare.Types.CompareTarget.Create, Result = Rpc.Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        txn.Success.Add(new Rpc.RequestOp { RequestPut = new Rpc.PutRequest { Key = encoded, Value = UnsafeByteOperations.UnsafeWrap(value) } });
        txn.Failure.Add(new Rpc.RequestOp { RequestRange = new Rpc.RangeRequest { Key = encoded } });
        var response = await raw.TxnAsync(txn);
        if (!response.Succeeded)
        {
            throw new InvalidOperationException($"create {key} failed");
        }
    }

    private static async Task GetAsync(Rpc.KV.KVClient raw, IKeyValueStore? store, string key)
    {
        if (store is not null)
        {
            _ = await store.GetAsync(key) ?? throw new InvalidOperationException($"{key} missing");
            return;
        }

        var response = await raw.RangeAsync(new Rpc.RangeRequest { Key = ByteString.CopyFromUtf8(key) });
        if (response.Kvs.Count == 0)
        {
            throw new InvalidOperationException($"{key} missing");
        }
    }

    private static async Task RangeAsync(Rpc.KV.KVClient raw, IKeyValueStore? store, string prefix)
    {
        if (store is not null)
        {
            var page = await store.RangeAsync(new RangeRequest(prefix, Limit: RangePage));
            if (page.Items.Count != RangePage)
            {
                throw new InvalidOperationException("short page");
            }

            return;
        }

        var start = Encoding.UTF8.GetBytes(prefix);
        var end = (byte[])start.Clone();
        end[^1]++;
        var response = await raw.RangeAsync(new Rpc.RangeRequest { Key = ByteString.CopyFrom(start), RangeEnd = ByteString.CopyFrom(end), Limit = RangePage });
        if (response.Kvs.Count != RangePage)
        {
            throw new InvalidOperationException("short page");
        }
    }

    // As kube-apiserver compacts every 5 minutes: history would otherwise slow etcd down (machine-limits.md §3).
    private static async Task CompactAsync(Rpc.KV.KVClient raw)
    {
        var revision = (await raw.RangeAsync(new Rpc.RangeRequest { Key = ByteString.CopyFrom(0), CountOnly = true })).Header.Revision;
        try
        {
            await raw.CompactAsync(new Rpc.CompactionRequest { Revision = revision, Physical = true });
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.OutOfRange)
        {
            // Nothing was written since the last compaction.
        }
    }
}
