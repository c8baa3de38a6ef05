using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// kube-apiserver's audit filter, right after authentication: gives every request an audit ID (the client's
/// <c>Audit-ID</c> header, else a new UUID) returned as <c>Audit-Id</c>, asks the policy for a level and writes the
/// request's event at each stage the policy keeps. Bodies are read only at <c>Request</c> and above; at
/// <c>Metadata</c> only a failure's Status is looked at.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditPipeline audit)
{
    // Bodies past this are left out of the event (kube's request limit is 3 MiB; a list can be larger).
    private const int ResponseCaptureLimit = 8 * 1024 * 1024;
    private const int StatusCaptureLimit = 64 * 1024;

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var auditId = AuditEventFactory.AuditIdOf(context);
        var authenticated = context.GetAuthenticatedUser();
        var user = authenticated is null ? AuditUser.Anonymous : AuditUser.Of(authenticated);
        var info = RequestInfo.From(context.Request);
        var config = audit.Policy.Evaluate(user.Username, user.Groups, info);
        if (config.Level == AuditLevel.None)
        {
            await next(context);
            return;
        }

        var ev = AuditEventFactory.Create(context, audit, auditId, config.Level, user, info);
        context.SetAuditEvent(ev);
        Emit(ev, config, AuditStage.RequestReceived);

        var longRunning = LongRunningRequest.Is(info);
        if (longRunning && config.Records(AuditStage.ResponseStarted))
        {
            context.Response.OnStarting(() =>
            {
                ev.ResponseStatus = new AuditResponseStatus(context.Response.StatusCode);
                Emit(ev, config, AuditStage.ResponseStarted);
                return Task.CompletedTask;
            });
        }

        // A watch streams for as long as it lasts; kube records no body for it either.
        var everything = config.Level == AuditLevel.RequestResponse;
        var capture = longRunning ? null
            : new ResponseCaptureStream(context.Response.Body, context.Response, everything, everything ? ResponseCaptureLimit : StatusCaptureLimit);
        if (capture is not null)
        {
            context.Response.Body = capture;
        }

        try
        {
            await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the exception's type: its message is not ours to vouch for (it could quote a value).
            ev.ResponseStatus = new AuditResponseStatus(StatusCodes.Status500InternalServerError, "Failure",
                $"APIServer panic'd: {e.GetType().FullName}", "InternalError");
            Emit(ev, config, AuditStage.Panic);
            throw;
        }
        finally
        {
            if (capture is not null)
            {
                context.Response.Body = capture.Inner;
            }
        }

        Complete(context, ev, config, info, capture?.Captured);
    }

    private void Complete(HttpContext context, AuditEvent ev, AuditRequestConfig config, RequestInfo info, byte[]? responseBody)
    {
        if (!config.Records(AuditStage.ResponseComplete))
        {
            return;
        }

        var buffered = config.Level >= AuditLevel.Request || context.Response.StatusCode >= StatusCodes.Status400BadRequest
            ? (context.Request.Body as MemoryStream)?.ToArray()
            : null;

        // Decided only when there is a body to look at: a successful Metadata request never asks.
        var secretValues = (buffered is { Length: > 0 } || responseBody is not null)
            && info.IsResourceRequest && audit.Resources.HoldsSecretValues(info.Group, info.Resource);
        var dataIsBase64 = info.Group.Length == 0 && info.Resource == "secrets";
        var isPatch = info.Verb == "patch";
        if (config.Level >= AuditLevel.Request && buffered is { Length: > 0 })
        {
            var treatment = new AuditBodies.Treatment(secretValues, dataIsBase64, isPatch, config.OmitManagedFields);
            if (audit.Bodies.Read(buffered, context.Request.ContentType, treatment) is { } request)
            {
                if (info.Name.Length == 0 && info.Verb == "create" && request["metadata"]?["name"] is JsonValue name
                    && name.TryGetValue<string>(out var objectName))
                {
                    ev.ObjectName = objectName;
                }

                ev.RequestObject = AuditBodies.ToJson(request);
            }
        }

        JsonNode? response = null;
        if (responseBody is not null)
        {
            var treatment = new AuditBodies.Treatment(secretValues, dataIsBase64, false, config.OmitManagedFields);
            response = audit.Bodies.Read(responseBody, context.Response.ContentType, treatment);
        }

        ev.ResponseStatus = StatusFrom(context.Response.StatusCode, response);
        if (config.Level == AuditLevel.RequestResponse && response is not null)
        {
            ev.ResponseObject = AuditBodies.ToJson(response);
        }

        if (secretValues && context.Response.StatusCode >= StatusCodes.Status400BadRequest && buffered is { Length: > 0 })
        {
            ScrubFailure(ev, audit.Scrubber.ValuesOf(AuditBodies.Parse(buffered, context.Request.ContentType), dataIsBase64, isPatch));
        }

        Emit(ev, config, AuditStage.ResponseComplete);
    }

    private static void ScrubFailure(AuditEvent ev, IReadOnlyList<(string Value, string Fingerprint)> values)
    {
        if (values.Count == 0 || ev.ResponseStatus is not { } status)
        {
            return;
        }

        ev.ResponseStatus = status with
        {
            Message = ErrorValueScrubber.Scrub(status.Message, values),
            DetailsJson = status.DetailsJson is null ? null : Encoding.UTF8.GetBytes(ErrorValueScrubber.Scrub(Encoding.UTF8.GetString(status.DetailsJson), values)),
        };
        if (ev.ResponseObject is { } body)
        {
            ev.ResponseObject = Encoding.UTF8.GetBytes(ErrorValueScrubber.Scrub(Encoding.UTF8.GetString(body), values));
        }
    }

    // The bounded fields kube copies from a Status response; for any other response, the code alone.
    private static AuditResponseStatus StatusFrom(int code, JsonNode? response)
    {
        if (response is not JsonObject obj || Text(obj, "kind") != "Status")
        {
            return new AuditResponseStatus(code);
        }

        var details = obj["details"] is JsonObject detailsObject ? AuditBodies.ToJson(detailsObject) : null;
        var statusCode = obj["code"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : code;
        return new AuditResponseStatus(statusCode, Text(obj, "status"), Text(obj, "message"), Text(obj, "reason"), details);
    }

    private static string Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private void Emit(AuditEvent ev, AuditRequestConfig config, AuditStage stage)
    {
        if (config.Records(stage))
        {
            audit.Backend.Process(AuditEventJson.Write(ev, stage, audit.Time.GetUtcNow()));
        }
    }
}
