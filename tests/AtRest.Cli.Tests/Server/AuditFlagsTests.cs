using System.Text.Json;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

/// <summary>
/// <c>atrest server</c>'s audit flags: kube-apiserver's refusals, a bad policy stopping start-up, the default policy,
/// <c>--audit-log-path -</c>, and the fingerprint key kept (0600) in the data directory across restarts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuditFlagsTests : IDisposable
{
    private readonly TempDirectory _scratch = new("audit-flags");

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("--audit-log-maxage -1 can't be a negative number", "--audit-log-maxage", "-1")]
    [InlineData("--audit-log-maxbackup -2 can't be a negative number", "--audit-log-maxbackup", "-2")]
    [InlineData("--audit-log-maxsize -3 can't be a negative number", "--audit-log-maxsize", "-3")]
    [InlineData("--audit-policy-file: file \"/no/such/policy.yaml\" does not exist", "--audit-policy-file", "/no/such/policy.yaml")]
    public async Task Bad_flags_are_refused_with_kube_apiserver_texts(string message, params string[] flags)
    {
        var (exit, _, stderr) = await AtRestServer.RunCliAsync(
            ["server", "--data-dir", _scratch.File("data"), "--audit-log-path", _scratch.File("audit.log"), .. flags], TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_policy_stops_start_up_naming_the_field_and_the_file()
    {
        var policy = _scratch.File("policy.yaml");
        File.WriteAllText(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- verbs: [get]\n");
        var data = _scratch.File("data");
        var (exit, _, stderr) = await AtRestServer.RunCliAsync(
            ["server", "--data-dir", data, "--secure-port", "0", "--audit-log-path", _scratch.File("audit.log"), "--audit-policy-file", policy],
            TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Equal($"Error: loading audit policy file: rules[0].level: Required value: from file {policy}\n", stderr);
        Assert.False(Directory.Exists(data), "a failed first start leaves no data directory behind");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Without_a_policy_every_request_is_audited_at_Metadata_on_stdout_with_a_key_that_outlives_restarts()
    {
        var data = _scratch.File("data");
        await using (var server = await AtRestServer.StartAsync(data, ["--audit-log-path", "-"], TestContext.Current.CancellationToken))
        {
            using var client = ServerAdminClient.Create(server, TimeSpan.FromSeconds(60));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/secrets");
            request.Headers.Add("Audit-ID", "stdout-list");
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal("stdout-list", Assert.Single(response.Headers.GetValues("Audit-Id")));
            var line = await WaitForLineAsync(server, "\"auditID\":\"stdout-list\"");
            using var ev = JsonDocument.Parse(line);
            Assert.Equal("Metadata", ev.RootElement.GetProperty("level").GetString());
            Assert.Equal("ResponseComplete", ev.RootElement.GetProperty("stage").GetString());
            Assert.Equal("list", ev.RootElement.GetProperty("verb").GetString());
            Assert.DoesNotContain("\"stage\":\"RequestReceived\"", server.Log, StringComparison.Ordinal);
        }

        var keyFile = Path.Combine(data, "audit-hmac.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var key = File.ReadAllBytes(keyFile);
        Assert.Equal(32, key.Length);
        await using (var again = await AtRestServer.StartAsync(data, ["--audit-log-path", _scratch.File("audit.log")], TestContext.Current.CancellationToken))
        {
            Assert.Equal(key, File.ReadAllBytes(keyFile));
            Assert.DoesNotContain(Convert.ToBase64String(key), again.Log, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(key), again.Log, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<string> WaitForLineAsync(AtRestServer server, string marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var line = server.Log.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal) && l.Contains("\"stage\":\"ResponseComplete\"", StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no event with {marker} on the server's stdout:\n{server.Log}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
