namespace AtRest.ApiServer.Audit;

/// <summary>audit.k8s.io/v1 <c>Stage</c>: the point in a request's life an event is written at.</summary>
public enum AuditStage
{
    /// <summary>As soon as the request is authenticated, before anything else is done.</summary>
    RequestReceived,

    /// <summary>When the response headers of a long-running request (a watch) are sent.</summary>
    ResponseStarted,

    /// <summary>When the response is complete.</summary>
    ResponseComplete,

    /// <summary>When the handler failed with an unhandled exception.</summary>
    Panic,
}
