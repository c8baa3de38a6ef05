using AtRest.ApiServer.Audit;
using AtRest.ApiServer.Authorization;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>
/// kube-apiserver's <c>WithImpersonation</c> filter, between audit and the in-flight limits as in kube's handler chain:
/// every impersonated attribute (<see cref="ImpersonationHeaders"/>) must be allowed to the requestor as verb
/// <c>impersonate</c> (<see cref="ImpersonationTarget"/>), checked in header order, the first refusal answering 403 with
/// kube's Forbidden message; groups, extras or a uid without a user are a 400. Then the request runs as the impersonated
/// user (<see cref="ImpersonatedUser"/>), recorded as the audit event's <c>impersonatedUser</c>, and the headers are
/// removed. A request without credentials (only public paths get this far) asks as <c>system:anonymous</c>, as kube's
/// anonymous authenticator would.
/// </summary>
internal sealed class ImpersonationMiddleware(RequestDelegate next, IAuthorizer authorizer)
{
    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var targets = ImpersonationHeaders.Read(headers);
        if (ImpersonationHeaders.WithoutUserError(targets) is { } error)
        {
            await StatusResponse.WriteAsync(context, StatusCodes.Status400BadRequest, "BadRequest", error);
            return;
        }

        if (targets.Count == 0)
        {
            await next(context);
            return;
        }

        var requestor = context.GetAuthenticatedUser() ?? AuthenticatedUser.Anonymous;
        var path = context.Request.Path.Value ?? "/";
        foreach (var target in targets)
        {
            var attributes = target.Attributes(path);
            var decision = authorizer.Authorize(requestor, attributes);
            if (!decision.Allowed)
            {
                await ForbiddenResponse.WriteAsync(context, requestor, attributes, decision.Reason);
                return;
            }
        }

        var impersonated = ImpersonatedUser.From(targets, ImpersonationHeaders.GroupsSpecified(headers));
        context.SetAuthenticatedUser(impersonated);
        context.SetAuditImpersonatedUser(impersonated);
        ImpersonationHeaders.Remove(headers);
        await next(context);
    }
}
