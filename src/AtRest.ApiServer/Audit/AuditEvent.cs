using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// One request's audit.k8s.io/v1 <c>Event</c> as it fills in; <see cref="AuditEventJson"/> writes it once per stage.
/// Bodies are held only as already-sanitized JSON.
/// </summary>
internal sealed class AuditEvent
{
    /// <summary>The level the policy chose.</summary>
    public required AuditLevel Level { get; init; }

    /// <summary>The request's audit ID (also its <c>Audit-Id</c> response header).</summary>
    public required string AuditId { get; init; }

    /// <summary>The request target as sent: path and query.</summary>
    public required string RequestUri { get; init; }

    /// <summary>The Kubernetes verb, or the lower-case method for a non-resource path.</summary>
    public required string Verb { get; init; }

    /// <summary>The authenticated user.</summary>
    public required AuditUser User { get; init; }

    /// <summary>The user the request acted as, when it impersonated one.</summary>
    public AuditUser? ImpersonatedUser { get; set; }

    /// <summary>Client addresses: <c>X-Forwarded-For</c>, <c>X-Real-Ip</c>, then the peer.</summary>
    public required IReadOnlyList<string> SourceIps { get; init; }

    /// <summary>The <c>User-Agent</c> header.</summary>
    public required string UserAgent { get; init; }

    /// <summary>What the request addressed, for a resource request.</summary>
    public RequestInfo? ObjectRef { get; init; }

    /// <summary>The object name when the request path has none (a create names it in the body).</summary>
    public string? ObjectName { get; set; }

    /// <summary>The outcome, once known.</summary>
    public AuditResponseStatus? ResponseStatus { get; set; }

    /// <summary>The sanitized request body as JSON (Request and RequestResponse levels).</summary>
    public byte[]? RequestObject { get; set; }

    /// <summary>The sanitized response body as JSON (RequestResponse level).</summary>
    public byte[]? ResponseObject { get; set; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset RequestReceived { get; init; }

    /// <summary>Annotations (e.g. the authorization decision), written sorted by key as Go writes a map.</summary>
    public SortedDictionary<string, string> Annotations { get; } = new(StringComparer.Ordinal);
}
