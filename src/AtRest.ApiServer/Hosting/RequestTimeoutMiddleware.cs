using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// <c>--request-timeout</c>, shortened by the request's own <c>?timeout=</c> (<see cref="RequestTimeoutParameter"/>): a
/// request that is not long-running gets its <c>RequestAborted</c> cancelled when the time is up, which stops body reads
/// and store calls; when nothing was sent yet the client gets kube-apiserver's 504 Status. A <c>?timeout=</c> that is not
/// a duration is kube's 400, before authentication as in kube-apiserver's handler chain.
/// </summary>
internal sealed class RequestTimeoutMiddleware(RequestDelegate next, TimeSpan timeout, TimeProvider timeProvider)
{
    private const string Message = "Timeout: request did not complete within requested timeout - context deadline exceeded";

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (LongRunningRequest.Is(RequestInfo.From(context.Request)))
        {
            await next(context);
            return;
        }

        var (limit, error) = RequestTimeoutParameter.Resolve(context.Request, timeout);
        if (error is not null)
        {
            await StatusResponse.WriteAsync(context, StatusCodes.Status400BadRequest, "BadRequest", error);
            return;
        }

        if (limit <= TimeSpan.Zero)
        {
            await next(context);
            return;
        }

        var clientAborted = context.RequestAborted;
        using var deadline = new CancellationTokenSource(limit, timeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, deadline.Token);
        context.RequestAborted = either.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            // Out of time: answered below. The client went away: nobody to answer.
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }

        if (deadline.IsCancellationRequested && !clientAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            await StatusResponse.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Timeout", Message,
                new Dictionary<string, string>());
        }
    }
}
