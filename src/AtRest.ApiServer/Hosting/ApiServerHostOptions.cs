using System.Net;
using AtRest.ApiServer.Audit;
using AtRest.ApiServer.Security;
using AtRest.Encryption;
using AtRest.Storage;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Hosting;

/// <summary>Everything <see cref="ApiServerHost"/> needs to serve the API over HTTPS.</summary>
public sealed class ApiServerHostOptions
{
    /// <summary>The address to listen on (<c>--bind-address</c>).</summary>
    public required IPAddress BindAddress { get; init; }

    /// <summary>The port (<c>--secure-port</c>); 0 picks a free one.</summary>
    public required int Port { get; init; }

    /// <summary>Serving certificate, client CA and admin token.</summary>
    public required ServerCredentials Credentials { get; init; }

    /// <summary>The key-value store behind the API.</summary>
    public required IKeyValueStore Store { get; init; }

    /// <summary>The transformers per resource (a reloadable set when automatic reload is on).</summary>
    public required IResourceTransformers Transformers { get; init; }

    /// <summary>The key prefix (<c>--etcd-prefix</c>).</summary>
    public string EtcdPrefix { get; init; } = "/registry";

    /// <summary>The Kubernetes minor version <c>/version</c> reports.</summary>
    public int MinorVersion { get; init; } = 32;

    /// <summary>The content hash of the encryption configuration in use, when there is a file.</summary>
    public string? EncryptionConfigHash { get; init; }

    /// <summary>Set to reload the encryption configuration automatically.</summary>
    public EncryptionConfigReloadOptions? Reload { get; init; }

    /// <summary>
    /// <c>--encryption-provider-config-force</c>: apply a reloaded configuration even when stored objects would become
    /// unreadable under it (by default such a reload is refused).
    /// </summary>
    public bool ForceEncryptionConfig { get; init; }

    /// <summary>The host name, for the API server identity hash.</summary>
    public string HostName { get; init; } = Dns.GetHostName();

    /// <summary>Adds log providers; the default is a one-line console log.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary><c>--max-requests-inflight</c>: read-only requests served at once (0: no limit); long-running ones do not count.</summary>
    public int MaxRequestsInflight { get; init; } = RequestLimits.DefaultMaxRequestsInflight;

    /// <summary><c>--max-mutating-requests-inflight</c>: mutating requests served at once (0: no limit).</summary>
    public int MaxMutatingRequestsInflight { get; init; } = RequestLimits.DefaultMaxMutatingRequestsInflight;

    /// <summary><c>--request-timeout</c>: how long a request that is not long-running may take before it is answered 504.</summary>
    public TimeSpan RequestTimeout { get; init; } = RequestLimits.DefaultRequestTimeout;

    /// <summary><c>--event-ttl</c>: how long each write of an event is kept.</summary>
    public TimeSpan EventTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a kept-alive connection may sit idle between requests before it is closed.</summary>
    public TimeSpan IdleConnectionTimeout { get; init; } = RequestLimits.DefaultIdleConnectionTimeout;

    /// <summary>How long a client may take to finish the TLS handshake.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = RequestLimits.DefaultTlsHandshakeTimeout;

    /// <summary>The audit log (<c>--audit-log-path</c>, <c>--audit-policy-file</c>); null leaves audit off.</summary>
    public AuditOptions? Audit { get; init; }

    /// <summary>The clock the request timeout runs on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
