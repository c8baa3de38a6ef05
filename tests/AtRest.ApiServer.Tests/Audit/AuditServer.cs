using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AtRest.ApiServer.Tests.Hostile;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>
/// The real <c>atrest server</c> process writing its audit log (<c>--audit-log-path</c>) under a policy a test gives,
/// with clients that tag each request with an <c>Audit-ID</c> so its events can be found.
/// </summary>
internal sealed class AuditServer : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private AuditServer(TempDirectory directory, HostileServerProcess process, AuditLogFile log)
    {
        _directory = directory;
        Process = process;
        Log = log;
        Admin = process.AdminClient();
    }

    /// <summary>The server process.</summary>
    public HostileServerProcess Process { get; }

    /// <summary>The audit log.</summary>
    public AuditLogFile Log { get; }

    /// <summary>An admin client.</summary>
    public HttpClient Admin { get; }

    /// <summary>A scratch folder beside the log.</summary>
    public TempDirectory Directory => _directory;

    /// <summary>Starts the server with <paramref name="policy"/> (none: the default) and more flags.</summary>
    public static async Task<AuditServer> StartAsync(string? policy, params string[] arguments)
    {
        var directory = new TempDirectory("audit");
        try
        {
            var log = directory.File("audit.log");
            var flags = new List<string> { "--audit-log-path", log };
            if (policy is not null)
            {
                File.WriteAllText(directory.File("policy.yaml"), policy);
                flags.AddRange(["--audit-policy-file", directory.File("policy.yaml")]);
            }

            flags.AddRange(arguments);
            return new AuditServer(directory, await HostileServerProcess.StartAsync([.. flags]), new AuditLogFile(log));
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>A client for <paramref name="user"/> in <paramref name="groups"/>, from the server's CA.</summary>
    public HttpClient ClientFor(string user, params string[] groups)
    {
        X509Certificate2 certificate = Process.Authority.IssueClientCertificate(user, groups);
        return Process.Client(certificate);
    }

    /// <summary>Sends a request tagged with <paramref name="auditId"/> (and any <paramref name="headers"/>); returns the response and its body text.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, string auditId, HttpMethod method, string path,
        string? body = null, string contentType = "application/json", IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Audit-ID", auditId);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.UserAgent.ParseAdd("audit-test/1.0");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Process.DisposeAsync();
        _directory.Dispose();
    }
}
