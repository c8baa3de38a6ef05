using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube-apiserver's authorizer chain as AtRest has it: the privileged-group authorizer first (<c>system:masters</c> may
/// do anything; it gives no reason and lists no rules), then RBAC. Rules are listed by RBAC only, as kube's rule
/// resolvers do. <see cref="Instance"/> runs RBAC over <see cref="BootstrapPolicy"/> alone, which is what AtRest
/// enforces until RBAC objects are served: everything needs <c>system:masters</c> but the self-subject reviews,
/// discovery and health.
/// </summary>
public sealed class BootstrapAuthorizer(IAuthorizer rbac) : IAuthorizer
{
    /// <summary>The chain over kube's default roles and bindings and no stored RBAC objects.</summary>
    public static BootstrapAuthorizer Instance { get; } =
        new(new RbacAuthorizer(new BootstrapLayeredPolicySource(RbacPolicySnapshot.Empty)));

    /// <inheritdoc />
    public AuthorizationDecision Authorize(AuthenticatedUser user, RequestInfo attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);
        return user.IsMaster ? new AuthorizationDecision(true, false, "") : rbac.Authorize(user, attributes);
    }

    /// <inheritdoc />
    public SubjectRules RulesFor(AuthenticatedUser user, string @namespace) => rbac.RulesFor(user, @namespace);
}
