namespace AtRest.ApiServer.Hosting;

/// <summary>
/// kube-apiserver's request limits and the Go <c>http.Server</c> timeouts it serves with, in one place
/// (flag defaults of <c>--max-requests-inflight</c>, <c>--max-mutating-requests-inflight</c>, <c>--request-timeout</c>).
/// </summary>
public static class RequestLimits
{
    /// <summary><c>--max-requests-inflight</c> default.</summary>
    public const int DefaultMaxRequestsInflight = 400;

    /// <summary><c>--max-mutating-requests-inflight</c> default.</summary>
    public const int DefaultMaxMutatingRequestsInflight = 200;

    /// <summary>The largest request body kube-apiserver reads (<c>MaxRequestBodyBytes</c>, 3 MiB).</summary>
    public const long MaxRequestBodyBytes = 3 * 1024 * 1024;

    /// <summary>
    /// etcd's default <c>--max-request-bytes</c> (1.5 MiB): the largest write request etcd accepts. The embedded store
    /// applies the same limit so that an object is refused alike on both backends.
    /// </summary>
    public const int MaxStoreRequestBytes = 1572864;

    /// <summary>Seconds a client told 429 should wait (kube-apiserver sends <c>Retry-After: 1</c>).</summary>
    public const string TooManyRequestsRetryAfter = "1";

    /// <summary><c>--request-timeout</c> default.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Idle keep-alive connections are closed after this (kube-apiserver's <c>http.Server.IdleTimeout</c>).</summary>
    public static readonly TimeSpan DefaultIdleConnectionTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Request headers must arrive within this (kube-apiserver's <c>http.Server.ReadHeaderTimeout</c>).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(32);

    /// <summary>A TLS handshake must finish within this; a connection that never starts one is closed.</summary>
    public static readonly TimeSpan DefaultTlsHandshakeTimeout = TimeSpan.FromSeconds(10);
}
