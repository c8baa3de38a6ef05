using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Tests.Shared.KubeApiServer;

/// <summary>
/// A real kube-apiserver v1.20.2 (see <see cref="KubeApiServerBinary"/>) on a free 127.0.0.1 port, storing in a
/// given etcd under a given prefix, encrypting with a given <c>EncryptionConfiguration</c>, authenticating one
/// system:masters token. Start-up waits for <c>/readyz</c> and fails with the server's log when it does not come.
/// Files, in a fresh directory deleted on disposal:
/// <code>
///   encryption.yaml    the EncryptionConfiguration (rewritten by RestartAsync)
///   tokens.csv         TOKEN,admin,admin-uid,system:masters
///   sa.key             RSA 2048, service-account signing and verification key
///   certs/             kube-apiserver's self-signed serving certificate
///   kubeconfig         the server URL and the token (the self-signed certificate is not verified)
/// </code>
/// </summary>
public sealed class RealKubeApiServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _directory = new("kube-apiserver");
    private readonly KubeApiServerLog _log = new();
    private readonly string _etcdEndpoint;
    private readonly string _etcdPrefix;
    private Process? _process;

    private RealKubeApiServer(string etcdEndpoint, string etcdPrefix)
    {
        _etcdEndpoint = etcdEndpoint;
        _etcdPrefix = etcdPrefix;
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The URL, e.g. <c>https://127.0.0.1:40123</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The admin's bearer token.</summary>
    public string Token { get; }

    /// <summary>A kubeconfig for the admin.</summary>
    public string KubeconfigPath => _directory.File("kubeconfig");

    /// <summary>The last lines the server printed, across restarts.</summary>
    public string Log => _log.ToString();

    /// <summary>Starts kube-apiserver on etcd at <paramref name="etcdEndpoint"/> under <paramref name="etcdPrefix"/>.</summary>
    public static async Task<RealKubeApiServer> StartAsync(
        string etcdEndpoint, string etcdPrefix, string encryptionConfiguration, CancellationToken cancellationToken = default)
    {
        var server = new RealKubeApiServer(etcdEndpoint, etcdPrefix);
        try
        {
            server.WriteFiles(encryptionConfiguration);
            await server.StartProcessAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server and starts it again with <paramref name="encryptionConfiguration"/> (the same file when null).</summary>
    public async Task RestartAsync(string? encryptionConfiguration = null, CancellationToken cancellationToken = default)
    {
        await StopAsync();
        if (encryptionConfiguration is not null)
        {
            File.WriteAllText(_directory.File("encryption.yaml"), encryptionConfiguration);
        }

        await StartProcessAsync(cancellationToken);
    }

    /// <summary>Stops the server: SIGTERM, then SIGKILL when it has not exited within 10 s.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        await ProcessSignals.StopAsync(process, TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    private void WriteFiles(string encryptionConfiguration)
    {
        File.WriteAllText(_directory.File("encryption.yaml"), encryptionConfiguration);
        File.WriteAllText(_directory.File("tokens.csv"), $"{Token},admin,admin-uid,system:masters\n");
        using var rsa = RSA.Create(2048);
        File.WriteAllText(_directory.File("sa.key"), rsa.ExportRSAPrivateKeyPem());
        Directory.CreateDirectory(_directory.File("certs"));
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Take(1)[0];
            var process = Launch(port);
            try
            {
                Url = $"https://127.0.0.1:{port}";
                await WaitReadyAsync(process, cancellationToken);
                WriteKubeconfig();
                return;
            }
            catch (InvalidOperationException) when (attempt < 5 && _log.Contains("address already in use"))
            {
                // Another process took the port between probing and binding; try a fresh one.
                await StopAsync();
            }
            catch
            {
                await StopAsync();
                throw;
            }
        }
    }

    private Process Launch(int port)
    {
        var info = new ProcessStartInfo(KubeApiServerBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "--etcd-servers", _etcdEndpoint, "--etcd-prefix", _etcdPrefix,
            "--bind-address", "127.0.0.1", "--secure-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // v1.20 also opens port 8080 without this; the advertise address and no endpoint reconciler keep it on loopback.
            "--insecure-port", "0", "--advertise-address", "127.0.0.1", "--endpoint-reconciler-type", "none",
            "--cert-dir", _directory.File("certs"), "--service-cluster-ip-range", "10.0.0.0/24",
            "--service-account-issuer", "https://kubernetes.default.svc",
            "--service-account-key-file", _directory.File("sa.key"), "--service-account-signing-key-file", _directory.File("sa.key"),
            "--token-auth-file", _directory.File("tokens.csv"), "--authorization-mode", "AlwaysAllow",
            "--encryption-provider-config", _directory.File("encryption.yaml"),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        _log.Append($"$ kube-apiserver {string.Join(' ', arguments)}");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => _log.Append(e.Data);
        process.ErrorDataReceived += (_, e) => _log.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    private async Task WaitReadyAsync(Process process, CancellationToken cancellationToken)
    {
        // Only polls readiness; the tests' kubectl talks to it through the kubeconfig.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw Failure($"kube-apiserver exited with {process.ExitCode} during start-up");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"{Url}/readyz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"/readyz answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "/readyz timed out";
            }

            await Task.Delay(500, cancellationToken);
        }

        throw Failure($"kube-apiserver was not ready within {StartTimeout.TotalSeconds} s ({last})");
    }

    private void WriteKubeconfig() => File.WriteAllText(KubeconfigPath, $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: kube-apiserver
          cluster:
            server: {Url}
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            token: {Token}
        contexts:
        - name: admin
          context:
            cluster: kube-apiserver
            user: admin
        current-context: admin

        """);

    private InvalidOperationException Failure(string message) =>
        new($"{message}\n--- kube-apiserver log (last lines) ---\n{_log}");
}
