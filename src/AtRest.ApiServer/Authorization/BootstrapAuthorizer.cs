using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube-apiserver's chain as AtRest has it: the privileged-group authorizer first (<c>system:masters</c> may do
/// anything; it gives no reason and lists no rules), then RBAC over <see cref="BootstrapPolicy"/>, which allows with
/// the binding as reason or has no opinion. Rules are listed from RBAC only, as kube's rule resolvers do.
/// </summary>
public sealed class BootstrapAuthorizer(IReadOnlyList<ClusterRoleBinding> bindings) : IAuthorizer
{
    /// <summary>The authorizer over kube's bootstrap bindings.</summary>
    public static BootstrapAuthorizer Instance { get; } = new(BootstrapPolicy.Bindings);

    /// <inheritdoc />
    public AuthorizationDecision Authorize(AuthenticatedUser user, RequestInfo attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);
        if (user.IsMaster)
        {
            return new AuthorizationDecision(true, false, "");
        }

        foreach (var binding in BindingsOf(user))
        {
            if (binding.Rules.Any(rule => rule.Allows(attributes)))
            {
                return new AuthorizationDecision(true, false, binding.AllowedReason);
            }
        }

        return AuthorizationDecision.NoOpinion;
    }

    /// <inheritdoc />
    public SubjectRules RulesFor(AuthenticatedUser user, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(user);
        var rules = BindingsOf(user).SelectMany(binding => binding.Rules).ToList();
        return new SubjectRules(rules.Where(rule => !rule.IsNonResource).ToList(), rules.Where(rule => rule.IsNonResource).ToList(), false, "");
    }

    private IEnumerable<ClusterRoleBinding> BindingsOf(AuthenticatedUser user) =>
        bindings.Where(binding => user.Groups.Contains(binding.Group, StringComparer.Ordinal));
}
