using System.Text;
using AtRest.ApiServer.Hosting;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// kube-apiserver's <c>WithFailedAuthenticationAudit</c>: a request refused with 401 never reaches the audit filter, so
/// the authentication failure records it itself, once, at stage <c>ResponseStarted</c>: no user (<c>"user":{}</c>,
/// the policy asked with an empty name and no groups), <c>responseStatus</c> holding only the code and which credentials
/// were tried (<c>Authentication failed, attempted: bearer, x509</c>, or <c>…, no credentials provided</c>), never
/// the credentials themselves.
/// </summary>
internal static class FailedAuthenticationAudit
{
    /// <summary>Records the refused request; call before the 401 is written (it sets <c>Audit-Id</c>).</summary>
    public static void Record(HttpContext context, AuditPipeline audit)
    {
        var auditId = AuditEventFactory.AuditIdOf(context);
        var info = RequestInfo.From(context.Request);
        var config = audit.Policy.Evaluate(AuditUser.None.Username, AuditUser.None.Groups, info);
        if (config.Level == AuditLevel.None || !config.Records(AuditStage.ResponseStarted))
        {
            return;
        }

        var ev = AuditEventFactory.Create(context, audit, auditId, config.Level, AuditUser.None, info);
        ev.ResponseStatus = new AuditResponseStatus(StatusCodes.Status401Unauthorized, Message: AttemptedMethods(context));
        audit.Backend.Process(AuditEventJson.Write(ev, AuditStage.ResponseStarted, audit.Time.GetUtcNow()));
    }

    // kube's getAuthMethods, in its order: basic, bearer, access_token (query), x509.
    private static string AttemptedMethods(HttpContext context)
    {
        var methods = new List<string>();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (IsBasic(authorization))
        {
            methods.Add("basic");
        }

        var parts = authorization.Trim().Split(' ');
        if (parts.Length > 1 && parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            methods.Add("bearer");
        }

        if (context.Request.Query["access_token"].ToString().Trim().Length > 0)
        {
            methods.Add("access_token");
        }

        if (context.Connection.ClientCertificate is not null)
        {
            methods.Add("x509");
        }

        return methods.Count > 0
            ? "Authentication failed, attempted: " + string.Join(", ", methods)
            : "Authentication failed, no credentials provided";
    }

    // Go's Request.BasicAuth: "Basic " (any case), standard base64, a colon in the decoded text.
    private static bool IsBasic(string authorization)
    {
        const string Prefix = "Basic ";
        if (!authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var buffer = new byte[authorization.Length];
        return Convert.TryFromBase64String(authorization[Prefix.Length..], buffer, out var length)
            && Encoding.UTF8.GetString(buffer, 0, length).Contains(':', StringComparison.Ordinal);
    }
}
