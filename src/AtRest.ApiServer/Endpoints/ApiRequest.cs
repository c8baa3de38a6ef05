using System.Globalization;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Endpoints;

/// <summary>Runs a handler and turns its failures into Status responses.</summary>
internal static partial class ApiRequest
{
    /// <summary>
    /// Checks the path as sent (<see cref="RawPathCheck"/>), then runs <paramref name="handler"/>; an
    /// <see cref="ApiException"/> becomes its Status, anything else a 500.
    /// </summary>
    public static async Task RunAsync(HttpContext http, Func<Task> handler)
    {
        try
        {
            RawPathCheck.EnsureValid(http);
            await handler().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await WriteIfPossibleAsync(http, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (StorageErrors.ToStatus(e) is { } storageStatus)
        {
            // A fault of the backend, not of the server: one line, no stack trace, and a Status the client can act on.
            var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("AtRest.ApiServer");
            if (logger is not null)
            {
                LogStorageFault(logger, http.Request.Method, http.Request.Path, e.Message);
            }

            await WriteIfPossibleAsync(http, storageStatus).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Exception texts from the codec, transformers and stores name paths and keys, never values.
            var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("AtRest.ApiServer");
            if (logger is not null)
            {
                LogUnexpected(logger, http.Request.Method, http.Request.Path, e);
            }

            await WriteIfPossibleAsync(http, ApiErrors.Internal(e.Message)).ConfigureAwait(false);
        }
    }

    private static Task WriteIfPossibleAsync(HttpContext http, ApiException e)
    {
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        if (e.Details?.RetryAfterSeconds > 0)
        {
            // kube-apiserver's responsewriters send the Status's retry hint as the header too.
            http.Response.Headers.RetryAfter = e.Details.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return ApiResponses.WriteErrorAsync(http, e);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed: {Reason}")]
    private static partial void LogStorageFault(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
