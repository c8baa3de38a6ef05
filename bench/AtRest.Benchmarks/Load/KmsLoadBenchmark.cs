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
/// <code>dotnet run -c Release --project bench/AtRest.Benchmarks -- kms [seconds]</code>
/// </summary>
internal static class KmsLoadBenchmark
{
    private const int ListSecrets = 10_000;
    private const int RpcCalls = 2_000;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(2, seconds / 3));
        using var temp = new TempDirectory("bench-kms");
        var keyFile = temp.File("keys.json");
        await RunAtrestAsync(["kms-plugin", "rotate", "--key-file", keyFile]);
        var socket = temp.File("kms.sock");
        using var plugin = await StartPluginAsync(socket, ["--backend", "file", "--key-file", keyFile], null);

        var results = new List<LoadResult>();
        var value = RandomNumberGenerator.GetBytes(1024);
        foreach (var provider in new[] { "aesgcm", "kms" })
        {
            var dataDir = temp.File(provider);
            Directory.CreateDirectory(dataDir);
            var config = Path.Combine(dataDir, "encryption.yaml");
            await File.WriteAllTextAsync(config, provider == "kms"
                ? $"apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms: {{apiVersion: v2, name: bench, endpoint: \"unix://{socket}\"}}\n"
                : EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed("aesgcm", ("key1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))));
            await using var server = await AtRestServer.StartAsync(dataDir, ["--encryption-provider-config", config]);
            using var client = ApiLoadBenchmark.CreateClient(server, dataDir);
            await WaitReadyAsync(client);

            long sequence = 0;
            results.Add(await LoadRunner.RunAsync($"{provider}: API create 1 KiB", 64, duration,
                (_, _) => ApiLoadBenchmark.CreateAsync(client, $"c{Interlocked.Increment(ref sequence)}", value), warmup));

            // A namespace of its own with exactly 10,000 secrets for the LISTs.
            await CreateNamespaceAsync(client, "list");
            var small = RandomNumberGenerator.GetBytes(256);
            await Parallel.ForAsync(0, ListSecrets, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
                await CreateInAsync(client, "list", $"l{i}", small));
            foreach (var clients in new[] { 1, 64 })
            {
                results.Add(await LoadRunner.RunAsync($"{provider}: LIST 10,000 secrets", clients, duration, (_, _) => ListAsync(client), warmup));
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

        Console.WriteLine($"KMS v2 vs aesgcm through HTTPS on the SQLite store, {seconds:0.#} s per case");
        Console.WriteLine("| case | clients | ops/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            Console.WriteLine(r.ToRow());
        }

        double Ops(string name, int c) => results.First(r => r.Name == name && r.Concurrency == c).OpsPerSecond;
        Console.WriteLine();
        Console.WriteLine("| ratio | value | target |");
        Console.WriteLine("| --- | --- | --- |");
        Console.WriteLine($"| create, kms v2 / aesgcm, 64 clients | {Ops("kms: API create 1 KiB", 64) / Ops("aesgcm: API create 1 KiB", 64):F2} | >= 0.9 |");
        foreach (var clients in new[] { 1, 64 })
        {
            Console.WriteLine($"| LIST 10,000, kms v2 / aesgcm, {clients} client(s) | {Ops("kms: LIST 10,000 secrets", clients) / Ops("aesgcm: LIST 10,000 secrets", clients):F2} | >= 0.9 |");
        }

        foreach (var provider in new[] { "aesgcm", "kms" })
        {
            Console.WriteLine($"| LIST scaling 64 / 1 client, {provider} (2 cores: ~2 at best) | {Ops($"{provider}: LIST 10,000 secrets", 64) / Ops($"{provider}: LIST 10,000 secrets", 1):F2} | no collapse |");
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

    private static async Task<RunningPlugin> StartPluginAsync(string socket, IReadOnlyList<string> backend, Dictionary<string, string>? env)
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

    private static async Task RunAtrestAsync(IReadOnlyList<string> arguments, Dictionary<string, string>? env = null)
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

    /// <summary>A started plugin process, stopped on dispose.</summary>
    private sealed class RunningPlugin(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }
}
