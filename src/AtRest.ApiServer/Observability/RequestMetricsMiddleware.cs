using System.Diagnostics;
using AtRest.ApiServer.Hosting;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Observability;

/// <summary>Counts and times every request as <c>apiserver_request_total</c> and <c>apiserver_request_duration_seconds</c>.</summary>
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
            metrics.RecordRequest(MetricVerb(info, context.Request.Method), info.Resource, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    // kube-apiserver's metric verbs: the HTTP method, with LIST and WATCH told apart from GET.
    private static string MetricVerb(RequestInfo info, string method) => info.Verb switch
    {
        "list" => "LIST",
        "watch" => "WATCH",
        "deletecollection" => "DELETECOLLECTION",
        _ => method.ToUpperInvariant(),
    };
}
