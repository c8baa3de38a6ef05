using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>
/// Authenticates every request by client certificate (chained to the server CA) or admin bearer token and answers 401
/// when neither is valid (except on the public health and version paths). <see cref="AuthorizationMiddleware"/> decides
/// what the user may do, after the in-flight limits, as in kube-apiserver's handler chain.
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
