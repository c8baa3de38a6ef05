using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// What the rest of the pipeline adds to a request's audit event, as kube's <c>audit.AddAuditAnnotation</c>: nothing
/// happens when the request is not audited, so callers need not know whether audit is on.
/// </summary>
public static class AuditHttpContextExtensions
{
    /// <summary>kube's annotation for the authorizer's decision: <c>allow</c> or <c>forbid</c>.</summary>
    public const string DecisionAnnotation = "authorization.k8s.io/decision";

    /// <summary>kube's annotation for the authorizer's reason (present even when empty).</summary>
    public const string ReasonAnnotation = "authorization.k8s.io/reason";

    private static readonly object Key = new();

    /// <summary>Adds an annotation; as in kube, a key already set keeps its first value.</summary>
    public static void AddAuditAnnotation(this HttpContext context, string key, string value) =>
        context.GetAuditEvent()?.Annotations.TryAdd(key, value);

    /// <summary>Records the authorizer's decision and reason as kube-apiserver's authorization filter does.</summary>
    public static void AddAuthorizationAnnotations(this HttpContext context, AuthorizationDecision decision)
    {
        context.AddAuditAnnotation(DecisionAnnotation, decision.Allowed ? "allow" : "forbid");
        context.AddAuditAnnotation(ReasonAnnotation, decision.Reason);
    }

    /// <summary>Records the user a request acts as after impersonation (the event's <c>impersonatedUser</c>).</summary>
    public static void SetAuditImpersonatedUser(this HttpContext context, AuthenticatedUser user)
    {
        if (context.GetAuditEvent() is { } ev)
        {
            ev.ImpersonatedUser = AuditUser.Of(user);
        }
    }

    internal static AuditEvent? GetAuditEvent(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) ? value as AuditEvent : null;

    internal static void SetAuditEvent(this HttpContext context, AuditEvent ev) => context.Items[Key] = ev;
}
