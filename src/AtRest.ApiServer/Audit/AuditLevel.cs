namespace AtRest.ApiServer.Audit;

/// <summary>audit.k8s.io/v1 <c>Level</c>: how much of a request an event records; each level includes the ones before it.</summary>
public enum AuditLevel
{
    /// <summary>Nothing is recorded.</summary>
    None,

    /// <summary>Who, what, when and the outcome; no bodies.</summary>
    Metadata,

    /// <summary>Metadata plus the request body.</summary>
    Request,

    /// <summary>Metadata plus the request and response bodies.</summary>
    RequestResponse,
}
