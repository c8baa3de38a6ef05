using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;
using AtRest.Tests.Shared;
using Google.Protobuf;
using V2 = AtRest.Encryption.Kms.Api.V2;

namespace AtRest.Benchmarks.Load;

/// <summary>
/// Issue 10 point 6, on the real processes (SQLite store): <c>atrest server</c> with KMS v2 (the <c>atrest kms-plugin</c>
/// file backend) against the same server with aesgcm — create throughput at 64 clients, then LIST of 10,000 secrets at
/// 1 and 64 concurrent clients — and the plugin's RPC latency (Encrypt/Decrypt of a 32-byte seed over its unix socket)
/// for the file and PKCS#11 (SoftHSM2) backends.
/// <para>
/// Both servers run side by side and every case alternates between them round after round (aesgcm then kms, then kms
/// then aesgcm, …), so a machine busy with other work slows both sides of a round alike; the verdict is the median
/// of the per-round kms/aesgcm ratios.
/// </para>
/// <code>dotnet run -c Release --project bench/AtRest.Benchmarks -- kms [seconds per run, default 10] [rounds, default 5]</code>
/// </summary>
internal static class KmsLoadBenchmark
{
    private const int ListSecrets = 10_000;
    private const int RpcCalls = 2_000;
    private static readonly string[] Providers = ["aesgcm", "kms"];

    public static async Task RunAsync(string[] args)
    {
        var (duration, rounds) = InterleavedRounds.ParseArguments(args, "kms");
        var seconds = duration.TotalSeconds;
        using var temp = new TempDirectory("bench-kms");
        var keyFile = temp.File("keys.json");
        await RunAtrestAsync(["kms-plugin", "rotate", "--key-file", keyFile]);
        var socket = temp.File("kms.sock");
        using var plugin = await StartPluginAsync(socket, ["--backend", "file", "--key-file", keyFile], null);

        var sides = new Dictionary<string, Side>();
        try
        {
            foreach (var provider in Providers)
            {
                sides[provider] = await StartSideAsync(temp, provider, socket, populate: true);
            }

            var cases = new (string Name, int Clients, Func<Side, Func<int, long, Task>> Operation)[]
            {
                ("API create 1 KiB", 64, side => (_, _) => side.CreateAsync()),
                ("LIST 10,000 secrets", 1, side => (_, _) => ListAsync(side.Client)),
                ("LIST 10,000 secrets", 64, side => (_, _) => ListAsync(side.Client)),
            };
            var results = new List<(int Round, string Provider, LoadResult Result)>();
            var loads = new List<string>();
            var cpu = new List<(string Provider, string Name, int Clients, double MicrosecondsPerOp)>();
            for (var round = 1; round <= rounds; round++)
            {
                loads.Add(LoadAverage());
                var order = round % 2 == 1 ? Providers : Providers.Reverse().ToArray();
                foreach (var (name, clients, operation) in cases)
                {
                    foreach (var provider in order)
                    {
                        var before = sides[provider].CpuTime();
                        var result = await LoadRunner.RunAsync($"{provider}: {name}", clients, duration, operation(sides[provider]));
                        var perOp = (sides[provider].CpuTime() - before).TotalMicroseconds / Math.Max(1, result.Operations);
                        results.Add((round, provider, result));
                        cpu.Add((provider, name, clients, perOp));
                        Console.Error.WriteLine($"round {round}/{rounds}: {result.ToRow()} server CPU {perOp:F0} µs per op");
                    }
                }
            }

            var rpc = new List<(string Backend, string Method, double P50, double P99)>();
            rpc.AddRange(await MeasureRpcAsync("file", socket));
            {
                var token = await SoftHsm.CreateAsync(temp);
                var env = new Dictionary<string, string> { ["SOFTHSM2_CONF"] = token.Config };
                await RunAtrestAsync(["kms-plugin", "rotate", .. token.Arguments], env);
                var hsmSocket = temp.File("hsm.sock");
                using var hsm = await StartPluginAsync(hsmSocket, token.Arguments, env);
                rpc.AddRange(await MeasureRpcAsync("pkcs11 (SoftHSM2)", hsmSocket));
            }

            loads.Add(LoadAverage());
            Report(results, cases.Select(c => (c.Name, c.Clients)).ToArray(), seconds, rounds, rpc);
            Console.WriteLine();
            // The server's own CPU per operation, as the OS counts it, moves far less with other processes' load than
            // throughput does: the same work costs about the same CPU however the cores are shared.
            Console.WriteLine("| case | clients | median server CPU per op, aesgcm | kms v2 | kms / aesgcm |");
            Console.WriteLine("| --- | --- | --- | --- | --- |");
            foreach (var (name, clients, _) in cases)
            {
                var a = InterleavedRounds.Median(cpu.Where(c => c.Provider == "aesgcm" && c.Name == name && c.Clients == clients).Select(c => c.MicrosecondsPerOp).ToList());
                var k = InterleavedRounds.Median(cpu.Where(c => c.Provider == "kms" && c.Name == name && c.Clients == clients).Select(c => c.MicrosecondsPerOp).ToList());
                Console.WriteLine($"| {name} | {clients} | {a:N1} µs | {k:N1} µs | {k / a:F2} |");
            }

            Console.WriteLine();
            Console.WriteLine($"Load average (1 min) at the start of each round, then at the end: {string.Join(", ", loads)} ({Environment.ProcessorCount} cores)");
        }
        finally
        {
            foreach (var side in sides.Values)
            {
                await side.DisposeAsync();
            }
        }
    }

    private static void Report(
        List<(int Round, string Provider, LoadResult Result)> results, (string Name, int Clients)[] cases, double seconds, int rounds,
        List<(string Backend, string Method, double P50, double P99)> rpc)
    {
        LoadResult Get(int round, string provider, string name, int clients) =>
            results.First(r => r.Round == round && r.Provider == provider && r.Result.Name == $"{provider}: {name}" && r.Result.Concurrency == clients).Result;

        Console.WriteLine($"KMS v2 vs aesgcm through HTTPS on the SQLite store, {rounds} interleaved rounds of {seconds:0.#} s per case and provider");
        // A round in which either side had an error is shown but left out of the medians.
        Console.WriteLine("| case | clients | round | aesgcm ops/s | kms ops/s | kms / aesgcm | aesgcm p50 / p99 ms | kms p50 / p99 ms | errors aesgcm / kms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var ratios = new Dictionary<(string, int), List<double>>();
        foreach (var (name, clients) in cases)
        {
            var list = ratios[(name, clients)] = [];
            for (var round = 1; round <= rounds; round++)
            {
                var a = Get(round, "aesgcm", name, clients);
                var k = Get(round, "kms", name, clients);
                var ratio = k.OpsPerSecond / a.OpsPerSecond;
                if (a.Errors + k.Errors == 0)
                {
                    list.Add(ratio);
                }

                Console.WriteLine(
                    $"| {name} | {clients} | {round} | {a.OpsPerSecond:N2} | {k.OpsPerSecond:N2} | {ratio:F2} | {a.P50Ms:F1} / {a.P99Ms:F1} | {k.P50Ms:F1} / {k.P99Ms:F1} | {a.Errors} / {k.Errors} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| ratio (median of the error-free rounds) | value | rounds used, lowest – highest | target |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var ((name, clients), list) in ratios)
        {
            Console.WriteLine($"| {name}, kms v2 / aesgcm, {clients} client(s) | {InterleavedRounds.Median(list):F2} | {InterleavedRounds.Spread(list, rounds)} | >= 0.9 |");
        }

        foreach (var provider in Providers)
        {
            var scaling = Enumerable.Range(1, rounds)
                .Select(round => (Many: Get(round, provider, "LIST 10,000 secrets", 64), One: Get(round, provider, "LIST 10,000 secrets", 1)))
                .Where(r => r.Many.Errors + r.One.Errors == 0)
                .Select(r => r.Many.OpsPerSecond / r.One.OpsPerSecond)
                .ToList();
            Console.WriteLine($"| LIST scaling 64 / 1 client, {provider} (2 cores: ~2 at best) | {InterleavedRounds.Median(scaling):F2} | {InterleavedRounds.Spread(scaling, rounds)} | no collapse |");
        }

        Console.WriteLine();
        Console.WriteLine($"Plugin RPC latency, {RpcCalls} sequential calls each, 32-byte seed, over the unix socket");
        Console.WriteLine("| backend | method | p50 ms | p99 ms |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (backend, method, p50, p99) in rpc)
        {
            Console.WriteLine($"| {backend} | {method} | {p50:F3} | {p99:F3} |");
        }
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";


    /// <summary>
    /// One server (with its namespace of 10,000 secrets when <paramref name="populate"/>), warmed up (JIT, connections,
    /// caches) before round 1.
    /// </summary>
    internal static async Task<Side> StartSideAsync(TempDirectory temp, string provider, string socket, bool populate)
    {
        var dataDir = temp.File(provider);
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(dataDir, "encryption.yaml");
        await File.WriteAllTextAsync(config, provider == "kms"
            ? $"apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms: {{apiVersion: v2, name: bench, endpoint: \"unix://{socket}\"}}\n"
            : EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed("aesgcm", ("key1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))));
        var server = await AtRestServer.StartAsync(dataDir, ["--encryption-provider-config", config]);
        var side = new Side(server, ApiLoadBenchmark.CreateClient(server, dataDir));
        // 64 concurrent LISTs of 10,000 objects can take minutes on a busy machine: HttpClient's 100 s default would
        // turn them into errors.
        side.Client.Timeout = TimeSpan.FromMinutes(15);
        try
        {
            await WaitReadyAsync(side.Client);
            if (populate)
            {
                await CreateNamespaceAsync(side.Client, "list");
                var small = RandomNumberGenerator.GetBytes(256);
                await Parallel.ForAsync(0, ListSecrets, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
                    await CreateInAsync(side.Client, "list", $"l{i}", small));
            }

            // Long enough for tiered compilation to finish the create path on a loaded machine: with 1 s, the first
            // rounds still measured partly unoptimised code (several times the CPU per create of later rounds).
            await LoadRunner.RunAsync($"{provider}: warm-up create", 64, TimeSpan.FromSeconds(5), (_, _) => side.CreateAsync());
            if (populate)
            {
                await ListAsync(side.Client);
            }

            return side;
        }
        catch
        {
            await side.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<(string, string, double, double)>> MeasureRpcAsync(string backend, string socket)
    {
        using var channel = KmsChannel.Open($"unix://{socket}");
        var client = new V2.KeyManagementService.KeyManagementServiceClient(channel);
        var seed = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));
        var encrypted = (await client.EncryptAsync(new V2.EncryptRequest { Plaintext = seed, Uid = "warmup" })).Ciphertext;
        var encrypt = new List<double>(RpcCalls);
        var decrypt = new List<double>(RpcCalls);
        for (var i = 0; i < RpcCalls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.EncryptAsync(new V2.EncryptRequest { Plaintext = seed, Uid = "bench" });
            encrypt.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await client.DecryptAsync(new V2.DecryptRequest { Ciphertext = encrypted, Uid = "bench", KeyId = "1" });
            decrypt.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        encrypt.Sort();
        decrypt.Sort();
        return
        [
            (backend, "Encrypt", encrypt[RpcCalls / 2], encrypt[(int)(RpcCalls * 0.99)]),
            (backend, "Decrypt", decrypt[RpcCalls / 2], decrypt[(int)(RpcCalls * 0.99)]),
        ];
    }

    internal static async Task<RunningPlugin> StartPluginAsync(string socket, IReadOnlyList<string> backend, Dictionary<string, string>? env)
    {
        var info = Info(["kms-plugin", "--listen", $"unix://{socket}", .. backend], env);
        var process = Process.Start(info)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith("atrest kms-plugin: serving", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"kms-plugin did not start: {line} {await process.StandardError.ReadToEndAsync()}");
        }

        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new RunningPlugin(process);
    }

    internal static async Task RunAtrestAsync(IReadOnlyList<string> arguments, Dictionary<string, string>? env = null)
    {
        using var process = Process.Start(Info(arguments, env))!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"atrest {string.Join(' ', arguments)}: {output}");
        }
    }

    private static ProcessStartInfo Info(IReadOnlyList<string> arguments, Dictionary<string, string>? env)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AtRestServer.AtrestDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in env ?? [])
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 600; i++)
        {
            using var response = await client.GetAsync("/readyz");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the server did not become ready");
    }

    private static async Task CreateNamespaceAsync(HttpClient client, string name)
    {
        using var content = new StringContent("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/namespaces", content);
        response.EnsureSuccessStatusCode();
    }

    private static async Task CreateInAsync(HttpClient client, string ns, string name, byte[] value)
    {
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + Convert.ToBase64String(value) + "\"}}";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/api/v1/namespaces/{ns}/secrets", content);
        response.EnsureSuccessStatusCode();
    }

    private static async Task ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/namespaces/list/secrets", HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"list: {(int)response.StatusCode}");
        }
    }

    /// <summary>A SoftHSM2 token in its own config, as the tests make one.</summary>
    private sealed record SoftHsm(string Config, string[] Arguments)
    {
        public static async Task<SoftHsm> CreateAsync(TempDirectory temp)
        {
            var tokens = temp.File("tokens");
            Directory.CreateDirectory(tokens);
            var config = temp.File("softhsm2.conf");
            await File.WriteAllTextAsync(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
            var pin = temp.File("pin");
            await File.WriteAllTextAsync(pin, "1234\n");
            var info = new ProcessStartInfo("softhsm2-util", ["--init-token", "--free", "--label", "bench", "--pin", "1234", "--so-pin", "5678"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            info.Environment["SOFTHSM2_CONF"] = config;
            using var process = Process.Start(info)!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return new SoftHsm(config, ["--backend", "pkcs11", "--pkcs11-token", "bench", "--pkcs11-pin-file", pin]);
        }
    }

    /// <summary>A running server under test and its client; creates name their secrets c1, c2, … .</summary>
    internal sealed class Side(AtRestServer server, HttpClient client) : IAsyncDisposable
    {
        private static readonly byte[] Value = RandomNumberGenerator.GetBytes(1024);
        private long _sequence;

        public HttpClient Client { get; } = client;

        public int ProcessId => server.ProcessId;

        /// <summary>The server process's CPU time so far (user and system).</summary>
        public TimeSpan CpuTime()
        {
            using var process = Process.GetProcessById(server.ProcessId);
            return process.TotalProcessorTime;
        }

        public Task CreateAsync() => ApiLoadBenchmark.CreateAsync(Client, $"c{Interlocked.Increment(ref _sequence)}", Value);

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await server.DisposeAsync();
        }
    }

    /// <summary>A started plugin process, stopped on dispose.</summary>
    internal sealed class RunningPlugin(Process process) : IDisposable
    {
        public int ProcessId => process.Id;

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }
}
