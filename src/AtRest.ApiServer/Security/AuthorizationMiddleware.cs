using AtRest.ApiServer.Audit;
using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Hosting;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>
/// Lets a request through when the <see cref="IAuthorizer"/> allows it (403 with kube-apiserver's message otherwise);
/// the public health and version paths are open to anyone. Runs after authentication and the in-flight limits, where
/// kube-apiserver authorizes.
/// </summary>
internal sealed class AuthorizationMiddleware(RequestDelegate next, IAuthorizer authorizer)
{
    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var user = context.GetAuthenticatedUser();
        if (user is null || AuthenticationMiddleware.IsPublic(context.Request.Path))
        {
            await next(context);
            return;
        }

        var info = RequestInfo.From(context.Request);
        var decision = authorizer.Authorize(user, info);
        context.AddAuthorizationAnnotations(decision);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        await ForbiddenResponse.WriteAsync(context, user, info, decision.Reason);
    }
}
