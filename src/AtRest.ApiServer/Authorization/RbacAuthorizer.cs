using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's <c>RBACAuthorizer</c>: allows a request when a rule that applies to the user allows it, with the binding as
/// reason (<c>RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"</c>); otherwise has no opinion,
/// naming any role references it could not resolve (<c>RBAC: clusterrole.rbac.authorization.k8s.io "x" not found</c>).
/// It never denies explicitly. Rules are listed for SelfSubjectRulesReview as kube lists them: every rule with
/// resources among the resource rules, every rule with URLs among the non-resource rules, never incomplete, unresolved
/// references in the evaluation error.
/// </summary>
public sealed class RbacAuthorizer(IRbacPolicySource policy) : IAuthorizer
{
    /// <summary>The rule resolver this authorizer decides with (escalation checks use the same one).</summary>
    public RbacRuleResolver Resolver { get; } = new(policy);

    /// <inheritdoc />
    public AuthorizationDecision Authorize(AuthenticatedUser user, RequestInfo attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);
        string? allowedBy = null;
        var errors = new List<string>();
        Resolver.VisitRulesFor(user, attributes.Namespace, (source, rule, error) =>
        {
            if (rule is not null && rule.Allows(attributes))
            {
                allowedBy = source!.ToString();
                return false;
            }

            if (error is not null)
            {
                errors.Add(error.ListerMessage);
            }

            return true;
        });

        if (allowedBy is not null)
        {
            return new AuthorizationDecision(true, false, "RBAC: allowed by " + allowedBy);
        }

        return errors.Count == 0 ? AuthorizationDecision.NoOpinion : new AuthorizationDecision(false, false, "RBAC: " + Aggregate(errors));
    }

    /// <inheritdoc />
    public SubjectRules RulesFor(AuthenticatedUser user, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (rules, errors) = Resolver.RulesFor(user, @namespace);
        List<PolicyRule> resourceRules = [.. rules.Where(rule => rule.Resources.Count > 0)];
        List<PolicyRule> nonResourceRules = [.. rules.Where(rule => rule.NonResourceUrls.Count > 0)];
        return new SubjectRules(resourceRules, nonResourceRules, false, Aggregate([.. errors.Select(e => e.ListerMessage)]));
    }

    /// <summary>apimachinery's aggregate error text: one message alone, several deduplicated in brackets.</summary>
    public static string Aggregate(IReadOnlyList<string> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count <= 1)
        {
            return messages.Count == 0 ? "" : messages[0];
        }

        var distinct = messages.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }
}
