using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's RBAC escalation prevention, which its role and binding storage runs on every create and update: a user may
/// write a Role or ClusterRole only if they hold every rule in it (kube's <c>ConfirmNoEscalation</c>) or may
/// <c>escalate</c> that role, and a RoleBinding or ClusterRoleBinding only if they hold every rule of the role it
/// references or may <c>bind</c> that role. <c>system:masters</c> may always. Refusals are kube's 403:
/// <c>roles.rbac.authorization.k8s.io "x" is forbidden: user "bob" (groups=["g"]) is attempting to grant RBAC
/// permissions not currently held:</c> followed by one compacted rule per line, sorted.
/// </summary>
/// <param name="authorizer">The server's whole authorizer chain (asked about <c>escalate</c> and <c>bind</c>).</param>
/// <param name="resolver">The RBAC rule resolver (what the user holds, what a role reference grants).</param>
internal sealed class RbacEscalationGuard(IAuthorizer authorizer, RbacRuleResolver resolver)
{
    private static readonly PolicyRule[] FullAuthority =
    [
        PolicyRule.ForResources(["*"], ["*"], ["*"]),
        PolicyRule.ForUrls(["*"], ["*"]),
    ];

    /// <summary>
    /// The check of a create (<paramref name="old"/> null) or update of a role or binding made by
    /// <paramref name="http"/>'s user, with the server's guard. A host that authenticates no one (an embedded API
    /// without authentication) authorizes no one either, so there is no one to check.
    /// </summary>
    /// <exception cref="ApiException">403 (or 404 for a binding to a missing role) as kube-apiserver.</exception>
    public static void ConfirmWrite(HttpContext http, KubernetesResource obj, KubernetesResource? old)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(obj);
        if (http.GetAuthenticatedUser() is not { } user)
        {
            return;
        }

        var guard = http.RequestServices.GetRequiredService<RbacEscalationGuard>();
        var request = RequestInfo.From(http.Request);
        switch (obj, old)
        {
            case (Role or ClusterRole, null):
                guard.ConfirmRoleWrite(user, request, obj);
                break;
            case (Role or ClusterRole, _):
                guard.ConfirmRoleUpdate(user, request, obj, old);
                break;
            case (_, null):
                guard.ConfirmBindingWrite(user, request, obj);
                break;
            default:
                guard.ConfirmBindingUpdate(user, request, obj, old);
                break;
        }
    }

    /// <summary>
    /// Checks a create of <paramref name="role"/> (a <see cref="Role"/> or <see cref="ClusterRole"/>) by
    /// <paramref name="user"/>; <paramref name="request"/> is the write's own request (resource, namespace, name).
    /// </summary>
    /// <exception cref="ApiException">403 when the role grants something the user does not hold.</exception>
    public void ConfirmRoleWrite(AuthenticatedUser user, RequestInfo request, KubernetesResource role)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(role);
        if (user.IsMaster || RoleEscalationAuthorized(user, request))
        {
            return;
        }

        var (rules, aggregation) = role switch
        {
            Role r => (r.Rules, null),
            ClusterRole c => (c.Rules, c.AggregationRule),
            _ => throw new ArgumentException($"{role.GetType().Name} is not a Role or ClusterRole", nameof(role)),
        };
        if (NoEscalationError(user, request.Namespace, rules) is { } error)
        {
            throw Forbidden(role, error);
        }

        // An aggregation rule can gather any rule, so setting one needs everything.
        if (aggregation is not null && NoEscalationError(user, request.Namespace, FullAuthority) is not null)
        {
            throw Forbidden(role, "must have cluster-admin privileges to use the aggregationRule");
        }
    }

    /// <summary>Checks an update; as kube, an update that changes only owner references and finalizers is not checked.</summary>
    /// <exception cref="ApiException">403 as for a create.</exception>
    public void ConfirmRoleUpdate(AuthenticatedUser user, RequestInfo request, KubernetesResource updated, KubernetesResource old)
    {
        if (!OnlyGarbageCollectionFieldsChanged(updated, old))
        {
            ConfirmRoleWrite(user, request, updated);
        }
    }

    /// <summary>Checks a create of <paramref name="binding"/> (a <see cref="RoleBinding"/> or <see cref="ClusterRoleBinding"/>).</summary>
    /// <exception cref="ApiException">
    /// 404 when the referenced role does not exist (and the user may not simply <c>bind</c> it); 403 when it grants
    /// something the user does not hold.
    /// </exception>
    public void ConfirmBindingWrite(AuthenticatedUser user, RequestInfo request, KubernetesResource binding)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(binding);
        if (user.IsMaster)
        {
            return;
        }

        var roleRef = binding switch
        {
            RoleBinding b => b.RoleRef,
            ClusterRoleBinding b => b.RoleRef,
            _ => throw new ArgumentException($"{binding.GetType().Name} is not a RoleBinding or ClusterRoleBinding", nameof(binding)),
        };
        if (BindingAuthorized(user, roleRef, request.Namespace))
        {
            return;
        }

        var rules = resolver.RoleReferenceRules(roleRef, request.Namespace, out var lookup);
        if (rules is null)
        {
            throw lookup!.IsNotFound
                ? new ApiException(404, "NotFound",
                    $"{lookup.RegistryResource}.{RbacGroup.Name} {ApiErrors.Quote(roleRef.Name)} not found",
                    new StatusDetails { Name = roleRef.Name, Group = RbacGroup.Name, Kind = lookup.RegistryResource })
                : ApiErrors.Internal(lookup.ListerMessage);
        }

        if (NoEscalationError(user, request.Namespace, rules) is { } error)
        {
            throw Forbidden(binding, error);
        }
    }

    /// <summary>Checks an update of a binding; as kube, one that changes only owner references and finalizers is not checked.</summary>
    /// <exception cref="ApiException">As for a create.</exception>
    public void ConfirmBindingUpdate(AuthenticatedUser user, RequestInfo request, KubernetesResource updated, KubernetesResource old)
    {
        if (!OnlyGarbageCollectionFieldsChanged(updated, old))
        {
            ConfirmBindingWrite(user, request, updated);
        }
    }

    /// <summary>
    /// kube's <c>ConfirmNoEscalation</c>: null when the rules <paramref name="user"/> holds in <paramref name="namespace"/>
    /// cover <paramref name="rules"/>, otherwise the message naming what is missing (and any role references that could
    /// not be resolved while listing what the user holds).
    /// </summary>
    public string? NoEscalationError(AuthenticatedUser user, string @namespace, IReadOnlyList<PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(rules);
        var (owned, errors) = resolver.RulesFor(user, @namespace);
        var (covered, missing) = RuleCoverage.Covers(owned, rules);
        if (covered)
        {
            return null;
        }

        var lines = RuleCoverage.Compact(missing).Select(RuleCoverage.CompactString)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var message = $"user {ApiErrors.Quote(user.Name)} (groups={RuleCoverage.GoQuotedList(user.Groups)}) " +
            $"is attempting to grant RBAC permissions not currently held:\n{string.Join("\n", lines)}";
        if (errors.Count > 0)
        {
            // Go's %v of an []error: the messages space-separated in brackets.
            message += $"; resolution errors: [{string.Join(" ", errors.Select(e => e.ListerMessage))}]";
        }

        return message;
    }

    // kube's RoleEscalationAuthorized: the "escalate" verb on the role being written (roles and clusterroles only).
    private bool RoleEscalationAuthorized(AuthenticatedUser user, RequestInfo request) =>
        request.IsResourceRequest && request.Group == RbacGroup.Name && request.Resource is "roles" or "clusterroles" &&
        authorizer.Authorize(user, request with { Verb = "escalate", Subresource = "" }).Allowed;

    // kube's BindingAuthorized: the "bind" verb on the referenced role, in the binding's namespace.
    private bool BindingAuthorized(AuthenticatedUser user, RoleRef roleRef, string bindingNamespace)
    {
        var resource = roleRef.Kind switch
        {
            ClusterRole.KindName => "clusterroles",
            Role.KindName => "roles",
            _ => null,
        };
        return resource is not null && authorizer.Authorize(user,
            new RequestInfo(true, "bind", roleRef.ApiGroup, "", resource, "", bindingNamespace, roleRef.Name, "")).Allowed;
    }

    private static ApiException Forbidden(KubernetesResource obj, string why)
    {
        var resource = obj switch
        {
            Role => "roles",
            ClusterRole => "clusterroles",
            RoleBinding => "rolebindings",
            _ => "clusterrolebindings",
        };
        return new ApiException(403, "Forbidden", $"{resource}.{RbacGroup.Name} {ApiErrors.Quote(obj.Metadata.Name)} is forbidden: {why}",
            new StatusDetails { Name = obj.Metadata.Name, Group = RbacGroup.Name, Kind = resource });
    }

    // kube's IsOnlyMutatingGCFields: equal once owner references and finalizers are taken from the update. The fields
    // the server itself maintains (resourceVersion, managedFields) are left out of the comparison too.
    private static bool OnlyGarbageCollectionFieldsChanged(KubernetesResource updated, KubernetesResource old)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(old);
        var left = KubernetesObjectCodec.DeepCopy(updated);
        var right = KubernetesObjectCodec.DeepCopy(old);
        foreach (var copy in new[] { left, right })
        {
            copy.Metadata.OwnerReferences = [];
            copy.Metadata.Finalizers = [];
            copy.Metadata.ManagedFields = [];
            copy.Metadata.ResourceVersion = "";
        }

        return KubernetesObjectCodec.EncodeProtobuf(left).AsSpan().SequenceEqual(KubernetesObjectCodec.EncodeProtobuf(right));
    }
}
