using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>Carries the authenticated user on the request.</summary>
public static class HttpContextUserExtensions
{
    private static readonly object Key = new();

    /// <summary>The user who made the request, or null for an anonymous request to a public path.</summary>
    public static AuthenticatedUser? GetAuthenticatedUser(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var user) ? user as AuthenticatedUser : null;

    internal static void SetAuthenticatedUser(this HttpContext context, AuthenticatedUser user) => context.Items[Key] = user;
}
