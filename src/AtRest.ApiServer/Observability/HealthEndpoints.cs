using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// Serves health endpoints in kube-apiserver's text format:
/// <code>
/// [+]ping ok
/// [-]encryption-config-reload failed: &lt;message&gt;
/// healthz check failed
/// </code>
/// Plain <c>ok</c> when everything passes and <c>?verbose</c> is absent; 500 when a check fails.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> and their <c>/&lt;name&gt;</c> subpaths.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints, HealthChecks checks)
    {
        Map(endpoints, "healthz", checks.Healthz);
        Map(endpoints, "livez", checks.Livez);
        Map(endpoints, "readyz", checks.Readyz);
    }

    private static void Map(IEndpointRouteBuilder endpoints, string name, List<HealthCheck> checks)
    {
        endpoints.MapMethods($"/{name}", ["GET", "HEAD"], context => All(context, name, checks));
        endpoints.MapMethods($"/{name}/{{check}}", ["GET", "HEAD"], context => One(context, checks));
    }

    private static async Task All(HttpContext context, string endpoint, List<HealthCheck> checks)
    {
        var excluded = context.Request.Query["exclude"].Where(value => value is not null).Select(value => value!).ToHashSet();
        var verbose = context.Request.Query.ContainsKey("verbose");
        var text = new StringBuilder();
        var failed = false;
        foreach (var check in checks)
        {
            if (excluded.Contains(check.Name))
            {
                text.Append("[+]").Append(check.Name).Append(" excluded: ok\n");
                continue;
            }

            var error = await Run(check, context.RequestAborted);
            if (error is null)
            {
                text.Append("[+]").Append(check.Name).Append(" ok\n");
            }
            else
            {
                failed = true;
                text.Append("[-]").Append(check.Name).Append(" failed: ").Append(error).Append('\n');
            }
        }

        if (failed)
        {
            text.Append(endpoint).Append(" check failed\n");
            await Write(context, StatusCodes.Status500InternalServerError, text.ToString());
            return;
        }

        if (!verbose)
        {
            await Write(context, StatusCodes.Status200OK, "ok");
            return;
        }

        text.Append(endpoint).Append(" check passed\n");
        await Write(context, StatusCodes.Status200OK, text.ToString());
    }

    private static async Task One(HttpContext context, List<HealthCheck> checks)
    {
        var name = (string)context.Request.RouteValues["check"]!;
        var check = checks.FirstOrDefault(candidate => candidate.Name == name);
        if (check is null)
        {
            await Write(context, StatusCodes.Status404NotFound, "404 page not found\n");
            return;
        }

        var error = await Run(check, context.RequestAborted);
        if (error is null)
        {
            await Write(context, StatusCodes.Status200OK, "ok");
        }
        else
        {
            await Write(context, StatusCodes.Status500InternalServerError, $"internal server error: {error}\n");
        }
    }

    private static async Task<string?> Run(HealthCheck check, CancellationToken cancellationToken)
    {
        try
        {
            return await check.Check(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    private static Task Write(HttpContext context, int code, string body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache, private";
        return context.Response.WriteAsync(body);
    }
}
