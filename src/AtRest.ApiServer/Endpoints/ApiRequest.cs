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

    private static Task WriteIfPossibleAsync(HttpContext http, ApiException e) =>
        http.Response.HasStarted ? Task.CompletedTask : ApiResponses.WriteErrorAsync(http, e);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
