namespace AtRest.ApiServer.Authorization;

/// <summary>
/// An authorizer's answer, as kube's <c>(Decision, reason)</c>: allowed, explicitly denied, or neither (no opinion,
/// which refuses the request too).
/// </summary>
/// <param name="Allowed">The request may go ahead.</param>
/// <param name="Denied">An authorizer refused it explicitly (RBAC never does; a later webhook might).</param>
/// <param name="Reason">Why, as kube words it; empty when the authorizer gives none.</param>
public sealed record AuthorizationDecision(bool Allowed, bool Denied, string Reason)
{
    /// <summary>No authorizer allowed the request and none gave a reason.</summary>
    public static AuthorizationDecision NoOpinion { get; } = new(false, false, "");
}
