using System.Net;
using AtRest.ApiServer.Hosting;

namespace AtRest.Cli.Commands.Server;

/// <summary>The parsed flags of <c>atrest server</c>, named as kube-apiserver names them.</summary>
internal sealed record ServerSettings
{
    /// <summary>The data directory (<c>--data-dir</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary><c>--encryption-provider-config</c>.</summary>
    public string? EncryptionProviderConfig { get; init; }

    /// <summary><c>--encryption-provider-config-automatic-reload</c>.</summary>
    public bool AutomaticReload { get; init; }

    /// <summary><c>--encryption-provider-config-force</c>: accept a configuration that leaves stored objects unreadable.</summary>
    public bool ForceEncryptionConfig { get; init; }

    /// <summary><c>--feature-gates=KMSv1=true</c>: allow the deprecated KMS v1 providers (to migrate data off them).</summary>
    public bool KmsV1 { get; init; }

    /// <summary>How often the reloader polls (hidden <c>--encryption-provider-config-reload-interval</c>).</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>--etcd-servers</c>; empty for the embedded store.</summary>
    public IReadOnlyList<string> EtcdServers { get; init; } = [];

    /// <summary><c>--etcd-prefix</c>.</summary>
    public string EtcdPrefix { get; init; } = "/registry";

    /// <summary><c>--etcd-cafile</c>.</summary>
    public string? EtcdCaFile { get; init; }

    /// <summary><c>--etcd-certfile</c>.</summary>
    public string? EtcdCertFile { get; init; }

    /// <summary><c>--etcd-keyfile</c>.</summary>
    public string? EtcdKeyFile { get; init; }

    /// <summary><c>--secure-port</c>; 0 picks a free port.</summary>
    public int SecurePort { get; init; } = 6443;

    /// <summary><c>--bind-address</c>.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary><c>--tls-cert-file</c>.</summary>
    public string? TlsCertFile { get; init; }

    /// <summary><c>--tls-private-key-file</c>.</summary>
    public string? TlsPrivateKeyFile { get; init; }

    /// <summary><c>--client-ca-file</c>: more CAs (PEM bundle) for client certificates, besides the server's own.</summary>
    public string? ClientCaFile { get; init; }

    /// <summary><c>--token-auth-file</c>: bearer tokens in kube's CSV format.</summary>
    public string? TokenAuthFile { get; init; }

    /// <summary><c>--kube-minor-version</c>: the minor <c>/version</c> reports.</summary>
    public int KubeMinorVersion { get; init; } = 32;

    /// <summary><c>-v</c>/<c>--verbose</c>: a start-up error prints its stack trace after its one line.</summary>
    public bool Verbose { get; init; }

    /// <summary><c>--max-requests-inflight</c>; 0 disables the limit.</summary>
    public int MaxRequestsInflight { get; init; } = RequestLimits.DefaultMaxRequestsInflight;

    /// <summary><c>--max-mutating-requests-inflight</c>; 0 disables the limit.</summary>
    public int MaxMutatingRequestsInflight { get; init; } = RequestLimits.DefaultMaxMutatingRequestsInflight;

    /// <summary><c>--request-timeout</c>.</summary>
    public TimeSpan RequestTimeout { get; init; } = RequestLimits.DefaultRequestTimeout;

    /// <summary><c>--event-ttl</c>: how long events are kept.</summary>
    public TimeSpan EventTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>--audit-policy-file</c>.</summary>
    public string? AuditPolicyFile { get; init; }

    /// <summary><c>--audit-log-path</c>; audit is off without it, <c>-</c> is standard output.</summary>
    public string? AuditLogPath { get; init; }

    /// <summary><c>--audit-log-maxage</c> (days).</summary>
    public int AuditLogMaxAge { get; init; }

    /// <summary><c>--audit-log-maxbackup</c>.</summary>
    public int AuditLogMaxBackup { get; init; }

    /// <summary><c>--audit-log-maxsize</c> (megabytes).</summary>
    public int AuditLogMaxSize { get; init; }

    /// <summary>The problems with this combination of flags, in kube-apiserver's words where it has them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AutomaticReload && EncryptionProviderConfig is null)
        {
            errors.Add("--encryption-provider-config-automatic-reload must be set with --encryption-provider-config");
        }

        if (SecurePort is < 0 or > 65535)
        {
            errors.Add($"--secure-port {SecurePort} must be between 0 and 65535, inclusive. 0 picks a free port");
        }

        if ((TlsCertFile is null) != (TlsPrivateKeyFile is null))
        {
            errors.Add("--tls-cert-file and --tls-private-key-file must be specified together");
        }

        if ((EtcdCertFile is null) != (EtcdKeyFile is null))
        {
            errors.Add("--etcd-certfile and --etcd-keyfile must be specified together");
        }

        if (EtcdServers.Count == 0 && (EtcdCaFile ?? EtcdCertFile ?? EtcdKeyFile) is not null)
        {
            errors.Add("--etcd-cafile, --etcd-certfile and --etcd-keyfile need --etcd-servers");
        }

        foreach (var server in EtcdServers)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.AbsolutePath != "/")
            {
                errors.Add($"--etcd-servers: \"{server}\" is not a URL of the form http://host:port or https://host:port");
            }
        }

        if (!EtcdPrefix.StartsWith('/'))
        {
            errors.Add($"--etcd-prefix \"{EtcdPrefix}\" must start with /");
        }

        if (KubeMinorVersion is < 0 or > 999)
        {
            errors.Add($"--kube-minor-version {KubeMinorVersion} must be between 0 and 999");
        }

        if (ReloadInterval <= TimeSpan.Zero)
        {
            errors.Add("--encryption-provider-config-reload-interval must be positive");
        }

        // kube-apiserver's ServerRunOptions.Validate words.
        if (MaxRequestsInflight < 0)
        {
            errors.Add("--max-requests-inflight can not be negative value");
        }

        if (MaxMutatingRequestsInflight < 0)
        {
            errors.Add("--max-mutating-requests-inflight can not be negative value");
        }

        if (RequestTimeout < TimeSpan.Zero)
        {
            errors.Add("--request-timeout can not be negative value");
        }

        if (EventTtl < TimeSpan.FromSeconds(1))
        {
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"--event-ttl {EventTtl.TotalSeconds}s must be at least 1s: events are kept for whole seconds, as etcd leases are"));
        }

        if (AuditLogPath is not null)
        {
            errors.AddRange(AtRest.ApiServer.Audit.AuditOptions.Validate(AuditLogMaxAge, AuditLogMaxBackup, AuditLogMaxSize));
        }

        foreach (var (flag, path) in new[]
                 {
                     ("--encryption-provider-config", EncryptionProviderConfig), ("--audit-policy-file", AuditPolicyFile), ("--tls-cert-file", TlsCertFile),
                     ("--tls-private-key-file", TlsPrivateKeyFile), ("--etcd-cafile", EtcdCaFile),
                     ("--etcd-certfile", EtcdCertFile), ("--etcd-keyfile", EtcdKeyFile),
                 })
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add($"{flag}: file \"{path}\" does not exist");
            }
        }

        return errors;
    }
}
