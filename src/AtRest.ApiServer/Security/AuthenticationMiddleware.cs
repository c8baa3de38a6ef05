using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Audit;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Security;

/// <summary>
/// Authenticates every request as kube-apiserver's authenticator union does: a client certificate (chained to a trusted
/// CA) or a bearer token (the admin token or one from <c>--token-auth-file</c>), whichever succeeds; credentials that
/// are presented and fail get 401 even where anonymous requests are allowed (kube's fail-on-error), and a request with
/// none gets 401 except on the public health and version paths. <see cref="AuthorizationMiddleware"/> decides what the
/// user may do, after the in-flight limits, as in kube-apiserver's handler chain.
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, ClientCertificateValidator validator, TokenAuthenticator tokens)
{
    private const string BearerScheme = "Bearer ";
    private static readonly object ConnectionUserKey = new();
    private static readonly object NoUser = new();
    private static readonly object RefusedCertificate = new();

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var (user, refused) = await AuthenticateCertificateAsync(context);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (user is null && authorization.Length > 0)
        {
            user = AuthenticateBearer(authorization);
            refused |= user is null;
        }

        if (user is not null)
        {
            context.SetAuthenticatedUser(user);
            await next(context);
            return;
        }

        if (!refused && IsPublic(context.Request.Path))
        {
            await next(context);
            return;
        }

        await Unauthorized(context);
    }

    /// <summary>Paths kube-apiserver serves to anyone (<c>system:public-info-viewer</c>).</summary>
    internal static bool IsPublic(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/livez") ||
        path.StartsWithSegments("/readyz") || path.StartsWithSegments("/version");

    // The audit filter comes after authentication, so a refused request is audited here when audit is on.
    private static Task Unauthorized(HttpContext context)
    {
        if (context.RequestServices.GetService<AuditPipeline>() is { } audit)
        {
            FailedAuthenticationAudit.Record(context, audit);
        }

        return StatusResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized");
    }

    // Another scheme than Bearer, or an empty or unknown token, is refused (kube's bearer authenticator: "invalid bearer token").
    private AuthenticatedUser? AuthenticateBearer(string authorization) =>
        authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase) && authorization.AsSpan(BearerScheme.Length).Trim() is { Length: > 0 } token
            ? tokens.Authenticate(token)
            : null;

    // The chain check runs once per TLS connection; the result is kept with the connection.
    private async Task<(AuthenticatedUser? User, bool Refused)> AuthenticateCertificateAsync(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(ConnectionUserKey, out var cached))
        {
            return (cached as AuthenticatedUser, ReferenceEquals(cached, RefusedCertificate));
        }

        X509Certificate2? certificate = context.Connection.ClientCertificate
            ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        var user = certificate is null ? null : validator.Authenticate(certificate);
        var refused = certificate is not null && user is null;
        if (items is not null)
        {
            items[ConnectionUserKey] = (object?)user ?? (refused ? RefusedCertificate : NoUser);
        }

        return (user, refused);
    }
}
