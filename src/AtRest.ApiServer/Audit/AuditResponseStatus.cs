namespace AtRest.ApiServer.Audit;

/// <summary>The bounded fields of the response's <c>metav1.Status</c> that an event keeps (kube copies the same ones).</summary>
/// <param name="Code">The HTTP status code.</param>
/// <param name="Status"><c>Success</c> or <c>Failure</c> when the response was a Status; else empty.</param>
/// <param name="Message">The Status message, or empty.</param>
/// <param name="Reason">The Status reason, or empty.</param>
/// <param name="DetailsJson">The Status details as JSON, or null.</param>
public sealed record AuditResponseStatus(int Code, string Status = "", string Message = "", string Reason = "", byte[]? DetailsJson = null);
