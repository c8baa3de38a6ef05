using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AtRest.ApiServer.Observability;
using AtRest.Benchmarks.Load;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;
using AtRest.Encryption.Transformers;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.Benchmarks.Encryption;

/// <summary>
/// Where a KMS v2 create spends its time beyond aesgcm (issue 10 point 6), stage by stage, each stage beside its
/// aesgcm counterpart and interleaved with it round after round, so load from other processes hits both alike:
/// <list type="number">
/// <item>in process, one thread: the write transform of the bare chain, then as the server calls it (configuration
/// lease, transformation metrics, the KMS metrics listener), then the parts of a KMS v2 write alone — median thread CPU
/// ns per write;</item>
/// <item>the SQLite store alone, 64 writers creating values of the two stored sizes — creates/s and CPU per create;</item>
/// <item>the real servers over HTTPS, 64 clients, against the real plugin — creates/s, and the CPU each server and the
/// plugin spent per create as the OS counts it, which other processes' load inflates far less than throughput.</item>
/// </list>
/// <code>dotnet run -c Release --project bench/AtRest.Benchmarks -- kms-write [rounds, default 9] [seconds per HTTP run, default 5]</code>
/// </summary>
internal static class KmsWriteBenchmark
{
    /// <summary>A 1 KiB secret as the create benchmark stores it: k8s\0 ‖ runtime.Unknown{v1/Secret} is about this long.</summary>
    private const int PlaintextSize = 1300;
    private const int OpsPerBatch = 4_000;
    private const int StoreWriters = 64;
    private static readonly GroupResource Secrets = new("", "secrets");
    private static readonly byte[] StorageKey = Encoding.UTF8.GetBytes("/registry/secrets/default/c123456");

    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        if (rounds < 1 || seconds <= 0)
        {
            throw new ArgumentException($"kms-write [rounds >= 1] [seconds > 0]: got rounds {rounds}, seconds {seconds}");
        }

        using var temp = new TempDirectory("bench-kms-write");
        var keyFile = temp.File("keys.json");
        await KmsLoadBenchmark.RunAtrestAsync(["kms-plugin", "rotate", "--key-file", keyFile]);
        var socket = temp.File("kms.sock");
        using var plugin = await KmsLoadBenchmark.StartPluginAsync(socket, ["--backend", "file", "--key-file", keyFile], null);

        Console.WriteLine($"KMS v2 write against aesgcm, stage by stage; {rounds} interleaved rounds; load average (1 min) at start {KmsLoadBenchmark.LoadAverage()}");
        var sizes = await TransformStagesAsync(socket, rounds);
        await StoreStageAsync(temp, sizes, rounds);
        await HttpStageAsync(temp, socket, plugin, rounds, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"load average (1 min) at the end {KmsLoadBenchmark.LoadAverage()}");
    }

    /// <summary>Part 1; returns the stored sizes of one write with each provider.</summary>
    private static async Task<(int Aesgcm, int Kms)> TransformStagesAsync(string socket, int rounds)
    {
        var metrics = new ApiServerMetrics("sha256:bench");
        using var kmsListener = new InstrumentedKmsMetrics(metrics);
        await using var aesgcm = Load(EncryptionConfigurationWriter.Render(
            ["secrets"], EncryptionProviderSpec.Keyed("aesgcm", ("key1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))));
        await using var kms = Load(
            $"apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms: {{apiVersion: v2, name: bench, endpoint: \"unix://{socket}\"}}\n");
        var plaintext = RandomNumberGenerator.GetBytes(PlaintextSize);
        var aesChain = aesgcm.For(Secrets);
        var kmsChain = kms.For(Secrets);
        var kmsStored = await WaitForWriteKeyAsync(kmsChain, plaintext);
        var aesStored = await aesChain.TransformToStorageAsync(plaintext, StorageKey);
        var aesServed = new InstrumentedResourceTransformers(new ReloadableResourceTransformers(aesgcm), metrics).For(Secrets);
        var kmsServed = new InstrumentedResourceTransformers(new ReloadableResourceTransformers(kms), metrics).For(Secrets);

        var seed = new HkdfSeed(RandomNumberGenerator.GetBytes(32));
        var info = RandomNumberGenerator.GetBytes(HkdfExtendedNonceGcm.InfoSize);
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(AesGcmTransformer.NonceSize);
        var derived = new byte[32];
        var sealedOut = new byte[PlaintextSize];
        var tag = new byte[AesGcmTransformer.TagSize];
        var random = new byte[HkdfExtendedNonceGcm.HeaderSize];
        using var dotnetGcm = new AesGcm(key, AesGcmTransformer.TagSize);
        var aesProvider = aesgcm.Resolve(Secrets)!.Elements[0].Transformer;
        var kmsProvider = kms.Resolve(Secrets)!.Elements[0].Transformer;
        var stages = new (string Name, Action Write)[]
        {
            ("aesgcm: provider write alone (key chain, into a new array)", () => Wait(aesProvider.WriteAsync(plaintext, StorageKey, 21, default))),
            ("kms v2: provider write alone (into a new array)", () => Wait(kmsProvider.WriteAsync(plaintext, StorageKey, 21, default))),
            ("aesgcm: chain write (loaded configuration)", () => Wait(aesChain.TransformToStorageWithSourceAsync(plaintext, StorageKey))),
            ("kms v2: chain write (loaded configuration)", () => Wait(kmsChain.TransformToStorageWithSourceAsync(plaintext, StorageKey))),
            ("aesgcm: write as served (lease, transformation metrics)", () => Wait(aesServed.TransformToStorageWithSourceAsync(plaintext, StorageKey))),
            ("kms v2: write as served (lease, transformation metrics)", () => Wait(kmsServed.TransformToStorageWithSourceAsync(plaintext, StorageKey))),
            ("part: RandomNumberGenerator.Fill 12 B (aesgcm nonce)", () => RandomNumberGenerator.Fill(random.AsSpan(0, AesGcmTransformer.NonceSize))),
            ("part: RandomNumberGenerator.Fill 44 B (kms info and nonce)", () => RandomNumberGenerator.Fill(random)),
            ("part: BufferedNonceSource.Fill 44 B (kms, from 4 KiB blocks)", () => BufferedNonceSource.Instance.Fill(random)),
            ("part: HKDF-Expand, precomputed schedule (libsodium)", () => seed.Expand(info, derived)),
            ($"part: AES-256-GCM seal {PlaintextSize} B, libsodium, key per call", () =>
                OneShotAesGcm.Seal(key, nonce, plaintext, sealedOut, tag, StorageKey, OneShotAesGcm.Engine.Libsodium)),
            ($"part: AES-256-GCM seal {PlaintextSize} B, cached .NET AesGcm", () => dotnetGcm.Encrypt(nonce, plaintext, sealedOut, tag, StorageKey)),
            ("part: key_id_hash counter (3 tags, listener on)", () =>
                KmsMetrics.KeyIdHash.Add(1, new("transformation_type", "to_storage"), new("provider_name", "bench"), new("key_id_hash", "sha256:bench"))),
            ("part: one transformation metric level", () => metrics.RecordTransformation("secrets", "to_storage", "k8s:enc:kms:v2:bench:", "OK", 1e-6)),
        };
        var perStage = stages.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var order = Enumerable.Range(0, stages.Length);
            foreach (var i in round % 2 == 0 ? order : order.Reverse())
            {
                var write = stages[i].Write;
                var start = ThreadCpuClock.Nanoseconds();
                for (var n = 0; n < OpsPerBatch; n++)
                {
                    write();
                }

                perStage[i].Add((double)(ThreadCpuClock.Nanoseconds() - start) / OpsPerBatch);
            }
        }

        seed.Dispose();
        Console.WriteLine();
        Console.WriteLine($"Part 1: one thread, {PlaintextSize} B plaintext, {OpsPerBatch} writes per batch; stored size aesgcm {aesStored.Length} B, kms v2 {kmsStored.Length} B");
        Console.WriteLine("| stage | median CPU ns per write | lowest – highest |");
        Console.WriteLine("| --- | --- | --- |");
        for (var i = 0; i < stages.Length; i++)
        {
            Console.WriteLine($"| {stages[i].Name} | {InterleavedRounds.Median(perStage[i]):N0} | {perStage[i].Min():N0} – {perStage[i].Max():N0} |");
        }

        return (aesStored.Length, kmsStored.Length);
    }

    /// <summary>Part 2: the store alone, with values of each provider's stored size.</summary>
    private static async Task StoreStageAsync(TempDirectory temp, (int Aesgcm, int Kms) sizes, int rounds)
    {
        await using var store = SqliteKeyValueStore.Open(temp.File("state.db"));
        var values = new[] { ("aesgcm", RandomNumberGenerator.GetBytes(sizes.Aesgcm)), ("kms v2", RandomNumberGenerator.GetBytes(sizes.Kms)) };
        long sequence = 0;
        var duration = TimeSpan.FromSeconds(3);
        var rows = new List<(string Name, double OpsPerSecond, double CpuMicroseconds)>();
        await LoadRunner.RunAsync("warm-up", StoreWriters, TimeSpan.FromSeconds(1),
            (_, _) => store.CreateAsync($"/registry/secrets/w/{Interlocked.Increment(ref sequence)}", values[0].Item2));
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, value) in round % 2 == 0 ? values : values.Reverse())
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var result = await LoadRunner.RunAsync(name, StoreWriters, duration,
                    (_, _) => store.CreateAsync($"/registry/secrets/s/{Interlocked.Increment(ref sequence)}", value));
                var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                rows.Add((name, result.OpsPerSecond, spent.TotalMicroseconds / Math.Max(1, result.Operations)));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Part 2: SQLite store alone, {StoreWriters} writers, {duration.TotalSeconds:0} s per run; values of {sizes.Aesgcm} B (aesgcm) and {sizes.Kms} B (kms v2)");
        PrintRatios(rows, "creates/s", "CPU µs per create (this process)");
    }

    /// <summary>Part 3: both real servers over HTTPS, and what the plugin does meanwhile.</summary>
    private static async Task HttpStageAsync(TempDirectory temp, string socket, KmsLoadBenchmark.RunningPlugin plugin, int rounds, TimeSpan duration)
    {
        var sides = new List<(string Name, KmsLoadBenchmark.Side Side)>();
        try
        {
            foreach (var provider in new[] { "aesgcm", "kms" })
            {
                sides.Add((provider == "kms" ? "kms v2" : provider, await KmsLoadBenchmark.StartSideAsync(temp, provider, socket, populate: false)));
            }

            var rows = new List<(string Name, double OpsPerSecond, double CpuMicroseconds)>();
            var pluginCpu = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, side) in round % 2 == 0 ? sides : Enumerable.Reverse(sides))
                {
                    var cpu = side.CpuTime();
                    var pluginBefore = CpuTime(plugin.ProcessId);
                    var result = await LoadRunner.RunAsync(name, 64, duration, (_, _) => side.CreateAsync());
                    var spent = side.CpuTime() - cpu;
                    rows.Add((name, result.OpsPerSecond, spent.TotalMicroseconds / Math.Max(1, result.Operations)));
                    if (name == "kms v2")
                    {
                        pluginCpu.Add((CpuTime(plugin.ProcessId) - pluginBefore).TotalMilliseconds);
                    }

                    Console.Error.WriteLine($"round {round + 1}/{rounds}: {result.ToRow()} server CPU {rows[^1].CpuMicroseconds:F0} µs per create");
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Part 3: atrest server over HTTPS, 64 clients creating 1 KiB secrets, {duration.TotalSeconds:0.#} s per run");
            PrintRatios(rows, "creates/s", "server CPU µs per create");
            Console.WriteLine($"plugin CPU during each kms v2 run, ms: {string.Join(", ", pluginCpu.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))}");
        }
        finally
        {
            foreach (var (_, side) in sides)
            {
                await side.DisposeAsync();
            }
        }
    }

    private static void PrintRatios(List<(string Name, double OpsPerSecond, double CpuMicroseconds)> rows, string rate, string cpu)
    {
        var aes = rows.Where(r => r.Name == "aesgcm").ToList();
        var kms = rows.Where(r => r.Name == "kms v2").ToList();
        var rateRatios = aes.Zip(kms, (a, k) => k.OpsPerSecond / a.OpsPerSecond).ToList();
        Console.WriteLine($"| provider | median {rate} | median {cpu} | {cpu}, per round |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (name, list) in new[] { ("aesgcm", aes), ("kms v2", kms) })
        {
            Console.WriteLine($"| {name} | {InterleavedRounds.Median(list.Select(r => r.OpsPerSecond).ToList()):N0} | {InterleavedRounds.Median(list.Select(r => r.CpuMicroseconds).ToList()):F1} | " +
                $"{string.Join(", ", list.Select(r => r.CpuMicroseconds.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        Console.WriteLine($"kms v2 / aesgcm {rate} per round: {string.Join(", ", rateRatios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; median {InterleavedRounds.Median(rateRatios):F2}");
    }

    private static LoadedEncryptionConfiguration Load(string yaml) =>
        EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "bench");

    /// <summary>The first write succeeds once the provider's first Status and Encrypt have made its seed.</summary>
    private static async Task<byte[]> WaitForWriteKeyAsync(IValueTransformer chain, byte[] plaintext)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await chain.TransformToStorageAsync(plaintext, StorageKey);
            }
            catch (EncryptionTransformException) when (attempt < 300)
            {
                await Task.Delay(100);
            }
        }
    }

    private static void Wait<T>(ValueTask<T> pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    private static TimeSpan CpuTime(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return process.TotalProcessorTime;
    }
}
