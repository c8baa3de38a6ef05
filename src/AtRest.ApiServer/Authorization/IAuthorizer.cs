using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// The one place that decides what a user may do, as kube-apiserver's authorizer chain plus its rule resolver: the
/// request middleware and the self-subject reviews both ask it, so RBAC plugs in here.
/// </summary>
public interface IAuthorizer
{
    /// <summary>Whether <paramref name="user"/> may do what <paramref name="attributes"/> describe.</summary>
    AuthorizationDecision Authorize(AuthenticatedUser user, RequestInfo attributes);

    /// <summary>The rules that grant <paramref name="user"/> anything in <paramref name="namespace"/> (for SelfSubjectRulesReview).</summary>
    SubjectRules RulesFor(AuthenticatedUser user, string @namespace);
}
