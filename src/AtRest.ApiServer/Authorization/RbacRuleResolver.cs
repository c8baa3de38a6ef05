using System.Runtime.CompilerServices;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's <c>DefaultRuleResolver</c> over an <see cref="IRbacPolicySource"/>: the rules that apply to a user in a
/// namespace are those of every ClusterRoleBinding naming the user, then (when a namespace is given) of every
/// RoleBinding of that namespace naming the user; a RoleBinding may reference a Role of its namespace or a ClusterRole.
/// A subject names the user by user name, by one of the user's groups (<c>system:serviceaccounts</c>,
/// <c>system:serviceaccounts:NS</c> and <c>system:authenticated</c> included), or as service account
/// <c>system:serviceaccount:NS:NAME</c>, its namespace defaulting to the RoleBinding's.
/// </summary>
public sealed class RbacRuleResolver(IRbacPolicySource policy)
{
    // One subject index per binding list the source hands out (it never changes a list it has handed out).
    private readonly ConditionalWeakTable<object, BindingSubjectIndex> _indexes = new();

    /// <summary>The source the resolver reads.</summary>
    public IRbacPolicySource Policy { get; } = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>Visits every rule that applies to <paramref name="user"/> in <paramref name="namespace"/>, in kube's order.</summary>
    public void VisitRulesFor(AuthenticatedUser user, string @namespace, RuleVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(visitor);
        var clusterBindings = Policy.ClusterRoleBindings();
        foreach (var position in IndexOf(clusterBindings, "", b => b.Subjects).Candidates(user))
        {
            var binding = clusterBindings[position];
            if (!Visit(user, binding.Metadata.Name, "", binding.Subjects, binding.RoleRef, visitor))
            {
                return;
            }
        }

        if (string.IsNullOrEmpty(@namespace))
        {
            return;
        }

        var bindings = Policy.RoleBindings(@namespace);
        if (bindings.Count == 0)
        {
            return;
        }

        foreach (var position in IndexOf(bindings, @namespace, b => b.Subjects).Candidates(user))
        {
            var binding = bindings[position];
            if (!Visit(user, binding.Metadata.Name, @namespace, binding.Subjects, binding.RoleRef, visitor))
            {
                return;
            }
        }
    }

    private BindingSubjectIndex IndexOf<T>(IReadOnlyList<T> bindings, string bindingNamespace, Func<T, List<Subject>> subjects) =>
        _indexes.GetValue(bindings, _ => new BindingSubjectIndex([.. bindings.Select(subjects)], bindingNamespace));

    /// <summary>Every rule that applies (kube's <c>RulesFor</c>), and the references that could not be resolved.</summary>
    public (List<PolicyRule> Rules, List<RoleReferenceError> Errors) RulesFor(AuthenticatedUser user, string @namespace)
    {
        var rules = new List<PolicyRule>();
        var errors = new List<RoleReferenceError>();
        VisitRulesFor(user, @namespace, (_, rule, error) =>
        {
            if (rule is not null)
            {
                rules.Add(rule);
            }

            if (error is not null)
            {
                errors.Add(error);
            }

            return true;
        });
        return (rules, errors);
    }

    /// <summary>kube's <c>GetRoleReferenceRules</c>: the rules of the referenced role, or why there are none.</summary>
    public IReadOnlyList<PolicyRule>? RoleReferenceRules(RoleRef roleRef, string bindingNamespace, out RoleReferenceError? error)
    {
        ArgumentNullException.ThrowIfNull(roleRef);
        IReadOnlyList<PolicyRule>? rules = roleRef.Kind switch
        {
            Role.KindName => string.IsNullOrEmpty(bindingNamespace) ? null : Policy.FindRole(bindingNamespace, roleRef.Name)?.Rules,
            ClusterRole.KindName => Policy.FindClusterRole(roleRef.Name)?.Rules,
            _ => null,
        };
        error = rules is null ? new RoleReferenceError(roleRef) : null;
        return rules;
    }

    /// <summary>kube's <c>appliesToUser</c>.</summary>
    public static bool AppliesTo(AuthenticatedUser user, Subject subject, string bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(subject);
        switch (subject.Kind)
        {
            case RbacGroup.UserKind:
                return user.Name == subject.Name;
            case RbacGroup.GroupKind:
                return user.Groups.Contains(subject.Name, StringComparer.Ordinal);
            case RbacGroup.ServiceAccountKind:
                var ns = subject.Namespace.Length > 0 ? subject.Namespace : bindingNamespace;
                return ns.Length > 0 && user.Name == $"system:serviceaccount:{ns}:{subject.Name}";
            default:
                return false;
        }
    }

    private bool Visit(AuthenticatedUser user, string name, string bindingNamespace, List<Subject> subjects, RoleRef roleRef, RuleVisitor visitor)
    {
        var subject = subjects.Find(s => AppliesTo(user, s, bindingNamespace));
        if (subject is null)
        {
            return true;
        }

        var rules = RoleReferenceRules(roleRef, bindingNamespace, out var error);
        if (rules is null)
        {
            return visitor(null, null, error);
        }

        var source = new RuleSource(name, bindingNamespace, roleRef, subject);
        foreach (var rule in rules)
        {
            if (!visitor(source, rule, null))
            {
                return false;
            }
        }

        return true;
    }
}
