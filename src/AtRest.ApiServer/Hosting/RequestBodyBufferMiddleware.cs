using System.Globalization;
using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// Reads a request body whole, up to kube-apiserver's 3 MiB, before any handler sees it (kube-apiserver reads bodies
/// the same way), so that what can go wrong on the wire is answered here with a Status instead of failing a handler:
/// over the limit is 413 <c>Request entity too large: limit is 3145728</c>, a body cut short is 400, a body that
/// trickles in slower than Kestrel's minimum data rate is 408. Runs after authentication: anonymous bodies are never read.
/// </summary>
internal sealed class RequestBodyBufferMiddleware(RequestDelegate next)
{
    private static readonly string TooLargeMessage =
        "Request entity too large: limit is " + RequestLimits.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture);

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > RequestLimits.MaxRequestBodyBytes)
        {
            await TooLargeAsync(context);
            return;
        }

        var buffer = new MemoryStream(context.Request.ContentLength is { } length ? (int)length : 4096);
        context.Response.RegisterForDispose(buffer);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's texts ("Unexpected end of request content.", "Reading the request body timed out due to data
            // arriving too slowly.") say what went wrong and carry nothing the client did not send.
            await StatusResponse.WriteAsync(context, e.StatusCode,
                e.StatusCode == StatusCodes.Status408RequestTimeout ? "Timeout" : "BadRequest", e.Message);
            return;
        }
        catch (IOException)
        {
            // The connection broke mid-body: there is nobody left to answer.
            return;
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        await next(context);
    }

    private static Task TooLargeAsync(HttpContext context) =>
        StatusResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", TooLargeMessage);
}
