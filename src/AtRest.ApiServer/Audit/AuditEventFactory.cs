using System.Net;
using AtRest.ApiServer.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// What every event of a request starts with, as kube's <c>audit.NewEventFromRequest</c> fills it: the audit ID (the
/// client's <c>Audit-ID</c> header, else a new UUID, returned as <c>Audit-Id</c>), request URI, verb, user, source IPs,
/// user agent, object reference and arrival time. Shared by the audit filter and the failed-authentication audit.
/// </summary>
internal static class AuditEventFactory
{
    /// <summary>The request's audit ID, set on the response as kube's <c>WithAuditInit</c> does.</summary>
    public static string AuditIdOf(HttpContext context)
    {
        var auditId = context.Request.Headers["Audit-ID"].ToString();
        if (auditId.Length == 0)
        {
            auditId = Guid.NewGuid().ToString();
        }

        context.Response.Headers["Audit-Id"] = auditId;
        return auditId;
    }

    /// <summary>A new event for the request at <paramref name="level"/>.</summary>
    public static AuditEvent Create(HttpContext context, AuditPipeline audit, string auditId, AuditLevel level, AuditUser user, RequestInfo info) => new()
    {
        Level = level,
        AuditId = auditId,
        RequestUri = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : context.Request.Path + context.Request.QueryString,
        Verb = info.Verb,
        User = user,
        SourceIps = SourceIps(context),
        UserAgent = context.Request.Headers.UserAgent.ToString(),
        ObjectRef = info.IsResourceRequest ? info : null,
        RequestReceived = audit.Time.GetUtcNow(),
    };

    // utilnet.SourceIPs: X-Forwarded-For, then X-Real-Ip, then the peer unless it is already last.
    private static List<string> SourceIps(HttpContext context)
    {
        var ips = new List<string>();
        foreach (var part in context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPAddress.TryParse(part, out var ip))
            {
                ips.Add(ip.ToString());
            }
        }

        if (IPAddress.TryParse(context.Request.Headers["X-Real-Ip"].ToString().Trim(), out var real))
        {
            ips.Add(real.ToString());
        }

        if (context.Connection.RemoteIpAddress is { } remote)
        {
            var text = (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
            if (ips.Count == 0 || ips[^1] != text)
            {
                ips.Add(text);
            }
        }

        return ips;
    }
}
