using System.Diagnostics;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// Counts and times every request as <c>apiserver_request_total</c> and <c>apiserver_request_duration_seconds</c>, under
/// labels from fixed sets only (<see cref="RequestMetricLabels"/>), so that no client can grow the series count.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, ApiServerMetrics metrics)
{
    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var info = RequestInfo.From(context.Request);
            var authenticated = context.GetAuthenticatedUser() is not null;
            metrics.RecordRequest(RequestMetricLabels.Verb(info, context.Request.Method), RequestMetricLabels.Resource(info, authenticated),
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
