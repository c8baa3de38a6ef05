using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AtRest.Tests.Shared;

namespace AtRest.Benchmarks.Load;

/// <summary>
/// Issue 11 point 6, on the real processes (SQLite store, secretbox as generated): secret create and get over HTTPS by
/// a user outside <c>system:masters</c> (a <c>--token-auth-file</c> token, so every request is decided by RBAC), on
/// two servers side by side.
/// <list type="bullet">
/// <item><b>plain</b>: the user's one Role and RoleBinding, no audit policy and no audit log.</item>
/// <item><b>rbac+audit</b>: the same, plus 1,000 bindings of other subjects (500 ClusterRoleBindings, 500 RoleBindings
/// in the user's namespace, so a decision walks them all: the user's own binding sorts last), and a Metadata-level
/// audit policy writing every request to a file.</item>
/// <item><b>rbac</b> and <b>audit</b>: each half of that alone, so that a gap can be put down to its cause.</item>
/// </list>
/// Every case alternates between the two round after round (plain then rbac+audit, then the reverse, …), so load from
/// elsewhere hits both sides of a round alike; the verdict is the median of the per-round ratios, as
/// <see cref="KmsLoadBenchmark"/> reports.
/// <code>dotnet run -c Release --project bench/AtRest.Benchmarks -- rbac [seconds per run, default 10] [rounds, default 5]</code>
/// </summary>
internal static class RbacLoadBenchmark
{
    private const string Namespace = "bench";
    private const string User = "bench-app";
    private const int GetSecrets = 1000;
    private const int FillerBindings = 1000;
    private static readonly string[] Sides = ["plain", "rbac", "audit", "rbac+audit"];

    public static async Task RunAsync(string[] args)
    {
        var (duration, rounds) = InterleavedRounds.ParseArguments(args, "rbac");
        var seconds = duration.TotalSeconds;
        using var temp = new TempDirectory("bench-rbac");
        var sides = new Dictionary<string, RbacSide>();
        try
        {
            foreach (var name in Sides)
            {
                sides[name] = await StartSideAsync(temp, name);
            }

            var cases = new (string Name, int Clients, Func<RbacSide, Func<int, long, Task>> Operation)[]
            {
                ("API create 1 KiB", 64, side => (_, _) => side.CreateAsync()),
                ("API get 1 KiB", 64, side => (w, n) => side.GetAsync((int)((w * 7919 + n * 104729) % GetSecrets))),
                ("API get 1 KiB", 1, side => (_, n) => side.GetAsync((int)(n % GetSecrets))),
            };
            var results = new List<(int Round, string Side, LoadResult Result)>();
            for (var round = 1; round <= rounds; round++)
            {
                var order = round % 2 == 1 ? Sides : Sides.Reverse().ToArray();
                foreach (var (name, clients, operation) in cases)
                {
                    foreach (var side in order)
                    {
                        var result = await LoadRunner.RunAsync($"{side}: {name}", clients, duration, operation(sides[side]));
                        results.Add((round, side, result));
                        Console.Error.WriteLine($"round {round}/{rounds}: {result.ToRow()}");
                    }
                }
            }

            // The log rotates at 100 MB: count the backups too.
            var auditLog = sides["rbac+audit"].AuditLog!;
            var auditLines = Directory.EnumerateFiles(Path.GetDirectoryName(auditLog)!, "audit*.log").Sum(file => File.ReadLines(file).LongCount());
            Report(results, [.. cases.Select(c => (c.Name, c.Clients))], seconds, rounds, auditLines);
        }
        finally
        {
            foreach (var side in sides.Values)
            {
                await side.DisposeAsync();
            }
        }
    }

    private static void Report(List<(int Round, string Side, LoadResult Result)> results, (string Name, int Clients)[] cases,
        double seconds, int rounds, long auditLines)
    {
        LoadResult Get(int round, string side, string name, int clients) =>
            results.First(r => r.Round == round && r.Side == side && r.Result.Name == $"{side}: {name}" && r.Result.Concurrency == clients).Result;

        Console.WriteLine($"RBAC ({FillerBindings:N0} extra bindings) and Metadata audit vs neither, non-admin user over HTTPS on the SQLite store, " +
            $"{rounds} interleaved rounds of {seconds:0.#} s per case and side");
        // A round in which either side had an error is shown but left out of the medians.
        Console.WriteLine("| case | clients | round | side | plain ops/s | side ops/s | side / plain | plain p50 / p99 ms | side p50 / p99 ms | errors plain / side |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var ratios = new List<(string Name, int Clients, string Side, List<double> Values)>();
        foreach (var (name, clients) in cases)
        {
            foreach (var side in Sides.Skip(1))
            {
                var list = new List<double>();
                ratios.Add((name, clients, side, list));
                for (var round = 1; round <= rounds; round++)
                {
                    var plain = Get(round, "plain", name, clients);
                    var other = Get(round, side, name, clients);
                    var ratio = other.OpsPerSecond / plain.OpsPerSecond;
                    if (plain.Errors + other.Errors == 0)
                    {
                        list.Add(ratio);
                    }

                    Console.WriteLine($"| {name} | {clients} | {round} | {side} | {plain.OpsPerSecond:N0} | {other.OpsPerSecond:N0} | {ratio:F2} | " +
                        $"{plain.P50Ms:F1} / {plain.P99Ms:F1} | {other.P50Ms:F1} / {other.P99Ms:F1} | {plain.Errors} / {other.Errors} |");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| ratio side / plain (median of the error-free rounds) | value | rounds used, lowest – highest | target |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (name, clients, side, list) in ratios)
        {
            var spread = InterleavedRounds.Spread(list, rounds);
            Console.WriteLine($"| {name}, {clients} client(s), {side} / plain | {InterleavedRounds.Median(list):F2} | {spread} | {(side == "rbac+audit" ? ">= 0.8" : "(cause)")} |");
        }

        Console.WriteLine();
        Console.WriteLine($"audit log of the rbac+audit side: {auditLines:N0} events");
    }


    /// <summary>
    /// One server with the user's Role and RoleBinding (and, for rbac+audit, the 1,000 filler bindings and the audit
    /// log), 1,000 secrets to get, warmed up (JIT, connections, caches) before round 1.
    /// </summary>
    private static async Task<RbacSide> StartSideAsync(TempDirectory temp, string name)
    {
        var withRbac = name.Contains("rbac", StringComparison.Ordinal);
        var withAudit = name.Contains("audit", StringComparison.Ordinal);
        var dataDir = temp.File(name.Replace('+', '-'));
        Directory.CreateDirectory(dataDir);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var tokens = Path.Combine(dataDir, "tokens.csv");
        await File.WriteAllTextAsync(tokens, $"{token},{User},uid-{User},bench-apps\n");
        var flags = new List<string> { "--token-auth-file", tokens };
        string? auditLog = null;
        if (withAudit)
        {
            var policy = Path.Combine(dataDir, "audit-policy.yaml");
            await File.WriteAllTextAsync(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n");
            auditLog = Path.Combine(dataDir, "audit.log");
            flags.AddRange(["--audit-policy-file", policy, "--audit-log-path", auditLog]);
        }

        var server = await AtRestServer.StartAsync(dataDir, flags);
        var admin = ApiLoadBenchmark.CreateClient(server, dataDir);
        var user = ApiLoadBenchmark.CreateClient(server, dataDir);
        user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var side = new RbacSide(server, admin, user, auditLog);
        try
        {
            await PostAsync(admin, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{Namespace}}}"}}""");
            await PostAsync(admin, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{Namespace}/roles",
                $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"secret-writer"},"rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["create","get"]}]}""");
            if (withRbac)
            {
                await Parallel.ForAsync(0, FillerBindings, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                {
                    var subject = $$"""[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"filler-{{i:D4}}"}]""";
                    if (i % 2 == 0)
                    {
                        await PostAsync(admin, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                            $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"filler-{{i:D4}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":{{subject}}}""");
                    }
                    else
                    {
                        await PostAsync(admin, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{Namespace}/rolebindings",
                            $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"filler-{{i:D4}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"secret-writer"},"subjects":{{subject}}}""");
                    }
                });
            }

            // "zz-" sorts after every filler binding, so a decision for the user visits them all first.
            await PostAsync(admin, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{Namespace}/rolebindings",
                $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"zz-{{User}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"secret-writer"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"{{User}}"}]}""");
            await side.WaitUntilAllowedAsync();
            await Parallel.ForAsync(0, GetSecrets, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await side.CreateAsync($"g{i}"));
            await LoadRunner.RunAsync($"{name}: warm-up create", 64, TimeSpan.FromSeconds(1), (_, _) => side.CreateAsync());
            await LoadRunner.RunAsync($"{name}: warm-up get", 64, TimeSpan.FromSeconds(1), (_, n) => side.GetAsync((int)(n % GetSecrets)));
            return side;
        }
        catch
        {
            await side.DisposeAsync();
            throw;
        }
    }

    private static async Task PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A running server, its admin client (set-up) and the user's client (the measured requests).</summary>
    private sealed class RbacSide(AtRestServer server, HttpClient admin, HttpClient user, string? auditLog) : IAsyncDisposable
    {
        private static readonly byte[] Value = RandomNumberGenerator.GetBytes(1024);
        private long _sequence;

        /// <summary>The audit log file, or null when this side has none.</summary>
        public string? AuditLog => auditLog;

        public Task CreateAsync() => CreateAsync($"c{Interlocked.Increment(ref _sequence)}");

        public async Task CreateAsync(string name)
        {
            var body = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name
                + "\"},\"data\":{\"v\":\"" + Convert.ToBase64String(Value) + "\"}}";
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await user.PostAsync($"/api/v1/namespaces/{Namespace}/secrets", content);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"create {name}: {(int)response.StatusCode}");
            }
        }

        public async Task GetAsync(int index)
        {
            using var response = await user.GetAsync($"/api/v1/namespaces/{Namespace}/secrets/g{index}", HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"get g{index}: {(int)response.StatusCode}");
            }
        }

        /// <summary>Waits until the server enforces the user's binding (a store-backed policy may apply it a moment after the write).</summary>
        public async Task WaitUntilAllowedAsync()
        {
            var last = HttpStatusCode.OK;
            for (var attempt = 0; attempt < 300; attempt++)
            {
                using var response = await user.GetAsync($"/api/v1/namespaces/{Namespace}/secrets/absent");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return;
                }

                last = response.StatusCode;
                await Task.Delay(100);
            }

            throw new InvalidOperationException($"{User} is still refused after 30 s ({(int)last}); the server's log:\n{server.Log}");
        }

        public async ValueTask DisposeAsync()
        {
            admin.Dispose();
            user.Dispose();
            await server.DisposeAsync();
        }
    }
}
