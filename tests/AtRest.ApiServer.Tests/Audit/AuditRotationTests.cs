using System.Net;
using System.Text.RegularExpressions;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary><c>--audit-log-maxsize</c> and <c>--audit-log-maxbackup</c> on the real server: rotated by size, old backups removed.</summary>
[Trait("Category", "Integration")]
public sealed partial class AuditRotationTests
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
        - level: RequestResponse
          resources: [{group: "", resources: [configmaps]}]
        """;

    [Fact]
    public async Task The_log_rotates_by_size_and_keeps_maxbackup_backups()
    {
        await using var server = await AuditServer.StartAsync(Policy, "--audit-log-maxsize", "1", "--audit-log-maxbackup", "2");

        // Each create's event holds the 300 KiB value twice (request and response): about 600 KiB, so each file holds one.
        var value = new string('v', 300 * 1024);
        for (var i = 0; i < 6; i++)
        {
            var (response, body) = await AuditServer.SendAsync(server.Admin, $"rotate-{i}", HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
                $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big-{{{i}}}"},"data":{"v":"{{{value}}}"}}""");
            Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        }

        await server.Log.WaitForAsync("rotate-5");
        var backups = Directory.GetFiles(server.Directory.Path, "audit-*.log").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, backups.Length);
        var all = new List<string>();
        foreach (var file in backups.Append(server.Log.Path))
        {
            Assert.True(new FileInfo(file).Length <= 1024 * 1024, $"{file} is {new FileInfo(file).Length} bytes");
            all.AddRange(AuditLogFile.Parse(file).Select(e => e.GetProperty("auditID").GetString()!));
        }

        foreach (var backup in backups)
        {
            Assert.Matches(BackupName(), Path.GetFileName(backup));
        }

        // The newest three events survive, one per file; the older ones went with the removed backups.
        Assert.Equal(["rotate-3", "rotate-4", "rotate-5"], all.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}\.log$")]
    private static partial Regex BackupName();
}
