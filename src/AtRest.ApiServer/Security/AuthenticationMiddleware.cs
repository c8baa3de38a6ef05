using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AtRest.ApiServer.Hosting;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>
/// Authenticates every request by client certificate (chained to the server CA) or admin bearer token, answers 401 when
/// neither is valid (except on the public health and version paths), and lets only <c>system:masters</c> through (403 otherwise).
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, ClientCertificateValidator validator, string token)
{
    private static readonly object ConnectionUserKey = new();
    private static readonly object NoUser = new();
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        AuthenticatedUser? user;
        if (authorization.Length > 0)
        {
            user = AuthenticateBearer(authorization);
            if (user is null)
            {
                await Unauthorized(context);
                return;
            }
        }
        else
        {
            user = await AuthenticateCertificateAsync(context);
        }

        if (user is null)
        {
            if (IsPublic(context.Request.Path))
            {
                await next(context);
                return;
            }

            await Unauthorized(context);
            return;
        }

        context.SetAuthenticatedUser(user);
        if (!user.IsMaster && !IsPublic(context.Request.Path))
        {
            var info = RequestInfo.From(context.Request);
            var details = new Dictionary<string, string>();
            if (info.Name.Length > 0)
            {
                details["name"] = info.Name;
            }

            if (info.Group.Length > 0)
            {
                details["group"] = info.Group;
            }

            if (info.Resource.Length > 0)
            {
                details["kind"] = info.Resource;
            }

            await StatusResponse.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                AuthorizationMessages.Forbidden(user, info), details.Count == 0 ? null : details);
            return;
        }

        await next(context);
    }

    /// <summary>Paths kube-apiserver serves to anyone (<c>system:public-info-viewer</c>).</summary>
    internal static bool IsPublic(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/livez") ||
        path.StartsWithSegments("/readyz") || path.StartsWithSegments("/version");

    private static Task Unauthorized(HttpContext context) =>
        StatusResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized");

    private AuthenticatedUser? AuthenticateBearer(string authorization)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token) ? AuthenticatedUser.Admin : null;
    }

    // The chain check runs once per TLS connection; the result is kept with the connection.
    private async Task<AuthenticatedUser?> AuthenticateCertificateAsync(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(ConnectionUserKey, out var cached))
        {
            return cached as AuthenticatedUser;
        }

        X509Certificate2? certificate = context.Connection.ClientCertificate
            ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        var user = certificate is null ? null : validator.Authenticate(certificate);
        if (items is not null)
        {
            items[ConnectionUserKey] = (object?)user ?? NoUser;
        }

        return user;
    }
}
