using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Tests.Lifecycle;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;
using AtRest.Tests.Shared.KubeApiServer;

namespace AtRest.Benchmarks.Load;

/// <summary>
/// Re-encryption throughput (issue 9 point 10): <c>objects</c> 1 KiB secrets written straight into each store under
/// aescbc key1, re-encrypted offline (the engine on the store, as <c>secrets-encrypt reencrypt --data-dir/--etcd-servers</c>
/// runs it) to key2 and then online (POST to a real server, followed to Completed) to key3; the inventory scan; and
/// <c>kubectl get secrets -A -o json | kubectl replace -f -</c> against AtRest and against the real kube-apiserver v1.20.2
/// on one etcd holding <c>pipeline objects</c> secrets.
/// <code>dotnet run -c Release --project bench/AtRest.Benchmarks -- reencrypt [objects=100000] [pipeline objects=10000, 0 to skip]</code>
/// </summary>
internal static class ReencryptBenchmark
{
    private const string Key1 = "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=";
    private const string Key2 = "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI=";
    private const string Key3 = "MzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM=";

    private static readonly string Old = Config(("key1", Key1));
    private static readonly string New = Config(("key2", Key2), ("key1", Key1));
    private static readonly string Newer = Config(("key3", Key3), ("key2", Key2), ("key1", Key1));

    public static async Task RunAsync(string[] args)
    {
        var objects = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var pipelineObjects = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
        using var temp = new TempDirectory("bench-reencrypt");
        var rows = new List<(string Case, long Objects, TimeSpan Elapsed)>();

        var dataDir = temp.File("sqlite");
        Directory.CreateDirectory(dataDir);
        await using (var store = SqliteKeyValueStore.Open(Path.Combine(dataDir, "state.db")))
        {
            await SeedAsync(store, objects, "sqlite");
            rows.Add(await OfflineAsync("embedded SQLite: offline re-encryption (engine on the file)", store));
            rows.Add(await InventoryAsync("embedded SQLite: inventory scan", store));
        }

        rows.Add(await OnlineAsync("embedded SQLite: online re-encryption (in the server)", dataDir, temp, []));

        await using var etcd = await EtcdServer.StartAsync();
        await using (var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))
        {
            await SeedAsync(store, objects, "etcd");
            rows.Add(await OfflineAsync("local etcd: offline re-encryption (engine on etcd)", store));
            rows.Add(await InventoryAsync("local etcd: inventory scan", store));
        }

        var etcdDataDir = temp.File("etcd-server");
        Directory.CreateDirectory(etcdDataDir);
        rows.Add(await OnlineAsync("local etcd: online re-encryption (in the server)", etcdDataDir, temp, ["--etcd-servers", etcd.Endpoint]));

        if (pipelineObjects > 0)
        {
            // 0 skips the kubectl rows (while iterating on the engine, or where kubectl 1.20 is not unpacked).
            rows.AddRange(await PipelinesAsync(pipelineObjects, temp));
        }

        Console.WriteLine($"Re-encryption, {objects} secrets of 1 KiB (kubectl pipelines: {pipelineObjects}), {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| case | objects | seconds | objects/s |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (name, count, elapsed) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {count} | {elapsed.TotalSeconds:0.0} | {count / elapsed.TotalSeconds:0} |"));
        }
    }

    private static async Task SeedAsync(IKeyValueStore store, int objects, string name)
    {
        await using var old = Load(Old);
        var watch = Stopwatch.StartNew();
        await SecretSeed.WriteAsync(store, old, "default", objects, CancellationToken.None);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {objects} secrets into {name} in {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    // The engine and checkpoint exactly as the offline command runs them.
    private static async Task<(string, long, TimeSpan)> OfflineAsync(string name, IKeyValueStore store)
    {
        await using var configuration = Load(New);
        var keys = StorageKeys.Default;
        var checkpoint = new ReencryptionCheckpoint(store, keys);
        var (_, revision) = await checkpoint.ReadAsync(CancellationToken.None);
        var claim = new ReencryptionClaim(checkpoint, "bench");
        var run = new ReencryptionRun { Id = ReencryptionClaim.NewRunId(), ConfigHash = configuration.ContentHash, Resources = ["secrets"], StartedAt = DateTimeOffset.UtcNow };
        var watch = Stopwatch.StartNew();
        var claimed = await claim.TryClaimAsync(run, revision, CancellationToken.None) ?? throw new InvalidOperationException("claim failed");
        var finished = await new ReencryptionEngine(store, keys, TimeProvider.System) { Checkpoint = claim.WriteAsync }
            .RunAsync(claimed, () => configuration, CancellationToken.None);
        var elapsed = watch.Elapsed;
        Check(finished);
        return (name, finished.Rewritten, elapsed);
    }

    private static async Task<(string, long, TimeSpan)> InventoryAsync(string name, IKeyValueStore store)
    {
        await using var configuration = Load(New);
        var watch = Stopwatch.StartNew();
        var report = await new InventoryScanner(store, StorageKeys.Default).ScanAsync(configuration, includeHistory: false);
        return (name, report.Resources.Sum(r => r.Objects), watch.Elapsed);
    }

    // key2 → key3 inside a real server: POST, then GET until Completed.
    private static async Task<(string, long, TimeSpan)> OnlineAsync(string name, string dataDir, TempDirectory temp, string[] flags)
    {
        var config = temp.File($"newer-{Path.GetFileName(dataDir)}.yaml");
        await File.WriteAllTextAsync(config, Newer);
        await using var server = await AtRestServer.StartAsync(dataDir, ["--encryption-provider-config", config, .. flags]);
        using var client = ApiLoadBenchmark.CreateClient(server, dataDir);
        var watch = Stopwatch.StartNew();
        using (var started = await client.PostAsync(LifecycleKeys.ReencryptPath, new StringContent("{\"resources\":[\"secrets\"]}", Encoding.UTF8, "application/json")))
        {
            started.EnsureSuccessStatusCode();
        }

        ReencryptionRun run;
        do
        {
            await Task.Delay(100);
            run = JsonSerializer.Deserialize<ReencryptionRun>(await client.GetStringAsync(LifecycleKeys.ReencryptPath), LifecycleJson.Options)!;
        }
        while (!run.Finished);

        var elapsed = watch.Elapsed;
        Check(run);
        // The run's own start and end, without the POST, the polling and the start-up checks: tells engine time from the rest.
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {elapsed.TotalSeconds:0.0} s by the client, {(run.FinishedAt - run.StartedAt)?.TotalSeconds:0.0} s in the run record"));
        return (name, run.Rewritten, elapsed);
    }

    // kubectl's re-encryption, on one etcd: AtRest (key1 → key2), then kube-apiserver (→ key3).
    private static async Task<IEnumerable<(string, long, TimeSpan)>> PipelinesAsync(int objects, TempDirectory temp)
    {
        var kubectl = Path.Combine(SharedData.RepositoryRoot, ".build", "debian", "kubernetes-client", "usr", "bin", "kubectl");
        if (!File.Exists(kubectl))
        {
            throw new InvalidOperationException($"no kubectl 1.20 at {kubectl}: run scripts/test once (it unpacks Debian's kubernetes-client)");
        }

        await using var etcd = await EtcdServer.StartAsync();
        await using (var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))
        {
            await SeedAsync(store, objects, "the pipeline etcd");
        }

        var rows = new List<(string, long, TimeSpan)>();
        var config = temp.File("pipeline-new.yaml");
        await File.WriteAllTextAsync(config, New);
        var dataDir = temp.File("pipeline-atrest");
        await using (var server = await AtRestServer.StartAsync(dataDir, ["--encryption-provider-config", config, "--etcd-servers", etcd.Endpoint]))
        {
            rows.Add(("AtRest on etcd: kubectl get secrets -A -o json \\| kubectl replace -f -", objects, await PipelineAsync(kubectl, server.KubeconfigPath)));
        }

        await using (var kube = await RealKubeApiServer.StartAsync(etcd.Endpoint, "/registry", Newer))
        {
            rows.Add(("kube-apiserver v1.20.2 on etcd: kubectl get secrets -A -o json \\| kubectl replace -f -", objects, await PipelineAsync(kubectl, kube.KubeconfigPath)));
        }

        return rows;
    }

    private static async Task<TimeSpan> PipelineAsync(string kubectl, string kubeconfig)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("set -e; \"$0\" --kubeconfig \"$1\" get secrets -A -o json | \"$0\" --kubeconfig \"$1\" replace -f - >/dev/null");
        info.ArgumentList.Add(kubectl);
        info.ArgumentList.Add(kubeconfig);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl pipeline exited {process.ExitCode}: {await stderr}");
        }

        return elapsed;
    }

    private static void Check(ReencryptionRun run)
    {
        if (run.State != ReencryptionState.Completed || run.Failed != 0 || run.Rewritten != run.Done)
        {
            throw new InvalidOperationException($"run {run.Id} {run.State}: {run.Done} done, {run.Rewritten} rewritten, {run.Failed} failed {run.Error}");
        }
    }

    private static LoadedEncryptionConfiguration Load(string yaml) => EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "bench");

    private static string Config(params (string Name, string Secret)[] keys) =>
        EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed("aescbc", keys));
}
