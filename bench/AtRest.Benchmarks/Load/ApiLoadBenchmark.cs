using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Benchmarks.Load;

/// <summary>
/// Secret create and get through the real <c>atrest server</c> process over HTTPS (HTTP/2, bearer token), at 1 and
/// 64 clients, with identity, aesgcm and secretbox configs, on the SQLite and etcd backends; beside each backend's
/// raw put throughput (1 KiB creates straight on <see cref="IKeyValueStore"/>) measured in the same run.
/// <code>dotnet run -c Release --project bench/AtRest.Benchmarks -- api [seconds]</code>
/// </summary>
internal static class ApiLoadBenchmark
{
    private const int GetSecrets = 1000;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(1, seconds / 3));
        await using var etcd = await EtcdServer.StartAsync();
        using var temp = new TempDirectory("bench-api");
        var results = new List<LoadResult>();
        var value = RandomNumberGenerator.GetBytes(1024);

        foreach (var backend in new[] { "sqlite", "etcd" })
        {
            await using (var raw = backend == "sqlite"
                ? (IKeyValueStore)SqliteKeyValueStore.Open(temp.File("raw.db"))
                : new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))
            {
                long sequence = 0;
                results.Add(await LoadRunner.RunAsync($"{backend} raw backend put (create) 1 KiB", 64, duration,
                    async (_, _) =>
                    {
                        if (!(await raw.CreateAsync($"/raw/{Interlocked.Increment(ref sequence)}", value)).Succeeded)
                        {
                            throw new InvalidOperationException("create failed");
                        }
                    }, warmup));
            }

            foreach (var provider in new[] { "identity", "aesgcm", "secretbox" })
            {
                var dataDir = temp.File($"{backend}-{provider}");
                Directory.CreateDirectory(dataDir);
                var config = Path.Combine(dataDir, "encryption.yaml");
                await File.WriteAllTextAsync(config, Config(provider));
                var flags = new List<string> { "--encryption-provider-config", config };
                if (backend == "etcd")
                {
                    flags.AddRange(["--etcd-servers", etcd.Endpoint, "--etcd-prefix", $"/{provider}"]);
                }

                await CompactAsync(backend, etcd);
                await using var server = await AtRestServer.StartAsync(dataDir, flags);
                using var client = CreateClient(server, dataDir);
                long sequence = 0;
                foreach (var clients in new[] { 1, 64 })
                {
                    results.Add(await LoadRunner.RunAsync($"{backend} {provider}: API create", clients, duration,
                        (_, _) => CreateAsync(client, $"c{Interlocked.Increment(ref sequence)}", value), warmup));
                }

                for (var i = 0; i < GetSecrets; i++)
                {
                    await CreateAsync(client, $"g{i}", value);
                }

                await CompactAsync(backend, etcd);
                foreach (var clients in new[] { 1, 64 })
                {
                    results.Add(await LoadRunner.RunAsync($"{backend} {provider}: API get", clients, duration,
                        (w, n) => GetAsync(client, $"g{(w * 7919 + n * 104729) % GetSecrets}"), warmup));
                }
            }
        }

        Console.WriteLine($"API load through HTTPS, {seconds:0.#} s per case, Secrets with 1 KiB of data, etcd {etcd.Endpoint}");
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
        foreach (var backend in new[] { "sqlite", "etcd" })
        {
            var rawPut = Ops($"{backend} raw backend put (create) 1 KiB", 64);
            foreach (var provider in new[] { "identity", "aesgcm", "secretbox" })
            {
                Console.WriteLine($"| {backend}: API create ({provider}) / raw backend put, 64 clients | {Ops($"{backend} {provider}: API create", 64) / rawPut:F2} | >= 0.5 |");
            }

            foreach (var op in new[] { "create", "get" })
            {
                var identity = Ops($"{backend} identity: API {op}", 64);
                foreach (var provider in new[] { "aesgcm", "secretbox" })
                {
                    var cost = 1 - (Ops($"{backend} {provider}: API {op}", 64) / identity);
                    Console.WriteLine($"| {backend}: throughput cost of {provider} vs identity, {op}, 64 clients | {cost:P1} | < 5 % |");
                }
            }
        }
    }

    private static string Config(string provider) => EncryptionConfigurationWriter.Render(
        ["secrets"],
        provider == "identity"
            ? EncryptionProviderSpec.Identity
            : EncryptionProviderSpec.Keyed(provider, ("key1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))));

    // As kube-apiserver compacts every 5 minutes: without it each later case would pay for the history of the earlier ones.
    private static async Task CompactAsync(string backend, EtcdServer etcd)
    {
        if (backend != "etcd")
        {
            return;
        }

        await using var admin = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints });
        try
        {
            await admin.CompactAsync(await admin.CurrentRevisionAsync());
        }
        catch (CompactedException)
        {
            // Nothing was written since the last compaction.
        }
    }

    internal static HttpClient CreateClient(AtRestServer server, string dataDir)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dataDir, "tls", "ca.crt")));
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is X509Certificate2 c && chain.Build(c);
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(server.Url),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(dataDir, "token")).Trim());
        return client;
    }

    internal static async Task CreateAsync(HttpClient client, string name, byte[] value)
    {
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name
            + "\"},\"data\":{\"v\":\"" + Convert.ToBase64String(value) + "\"}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/namespaces/default/secrets", content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create {name}: {(int)response.StatusCode}");
        }
    }

    private static async Task GetAsync(HttpClient client, string name)
    {
        using var response = await client.GetAsync($"/api/v1/namespaces/default/secrets/{name}", HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"get {name}: {(int)response.StatusCode}");
        }
    }
}
