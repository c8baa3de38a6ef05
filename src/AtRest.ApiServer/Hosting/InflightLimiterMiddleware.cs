using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// <c>--max-requests-inflight</c> and <c>--max-mutating-requests-inflight</c> as kube-apiserver's <c>WithMaxInFlightLimit</c>
/// applies them after authentication: get, list and watch are read-only, every other verb is mutating; long-running
/// requests are not counted; a request over the limit is answered 429 with <c>Retry-After: 1</c>, except for
/// <c>system:masters</c>, who are always served (they still take a slot when one is free). A limit of 0 disables it.
/// </summary>
internal sealed class InflightLimiterMiddleware(RequestDelegate next, int maxReadOnly, int maxMutating)
{
    private const string TooManyRequestsText = "Too many requests, please try again later.";
    private readonly InflightSlots? _readOnly = maxReadOnly > 0 ? new InflightSlots(maxReadOnly) : null;
    private readonly InflightSlots? _mutating = maxMutating > 0 ? new InflightSlots(maxMutating) : null;

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var info = RequestInfo.From(context.Request);
        if (LongRunningRequest.Is(info))
        {
            await next(context);
            return;
        }

        var slots = info.Verb is "get" or "list" or "watch" ? _readOnly : _mutating;
        if (slots is null)
        {
            await next(context);
            return;
        }

        if (slots.TryTake())
        {
            try
            {
                await next(context);
            }
            finally
            {
                slots.Release();
            }

            return;
        }

        if (context.GetAuthenticatedUser() is { IsMaster: true })
        {
            await next(context);
            return;
        }

        await TooManyRequestsAsync(context);
    }

    // Go's http.Error, as kube-apiserver writes it: plain text, not a Status.
    private static Task TooManyRequestsAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = RequestLimits.TooManyRequestsRetryAfter;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(TooManyRequestsText + "\n");
    }
}
