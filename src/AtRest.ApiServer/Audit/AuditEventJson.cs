using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Writes an event as one JSON line in audit.k8s.io/v1 <c>Event</c>'s field order, as kube-apiserver's log backend does:
/// <code>
/// {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":…,"auditID":…,"stage":…,"requestURI":…,"verb":…,
///  "user":{username?,uid?,groups?,extra?},"impersonatedUser"?,"sourceIPs":[…],"userAgent":…,"objectRef"?:{resource,namespace,name,
///  apiGroup,apiVersion,subresource},"responseStatus"?:{"metadata":{},status,message,reason,details,code},
///  "requestObject"?,"responseObject"?,"requestReceivedTimestamp":…,"stageTimestamp":…,"annotations"?:{…}}\n
/// </code>
/// Timestamps are metav1.MicroTime: RFC 3339 in UTC with exactly six fractional digits.
/// </summary>
internal static class AuditEventJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event at <paramref name="stage"/>, stamped <paramref name="stageTimestamp"/>, with its newline.</summary>
    public static byte[] Write(AuditEvent ev, AuditStage stage, DateTimeOffset stageTimestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Event");
            w.WriteString("apiVersion", "audit.k8s.io/v1");
            w.WriteString("level", ev.Level.ToString());
            w.WriteString("auditID", ev.AuditId);
            w.WriteString("stage", stage.ToString());
            w.WriteString("requestURI", ev.RequestUri);
            w.WriteString("verb", ev.Verb);
            WriteUser(w, "user", ev.User);
            if (ev.ImpersonatedUser is { } impersonated)
            {
                WriteUser(w, "impersonatedUser", impersonated);
            }

            if (ev.SourceIps.Count > 0)
            {
                w.WriteStartArray("sourceIPs");
                foreach (var ip in ev.SourceIps)
                {
                    w.WriteStringValue(ip);
                }

                w.WriteEndArray();
            }

            if (ev.UserAgent.Length > 0)
            {
                w.WriteString("userAgent", ev.UserAgent);
            }

            WriteObjectRef(w, ev);
            if (stage != AuditStage.RequestReceived && ev.ResponseStatus is { } status)
            {
                WriteStatus(w, status);
            }

            if (stage is AuditStage.ResponseComplete or AuditStage.Panic)
            {
                WriteRaw(w, "requestObject", ev.RequestObject);
                WriteRaw(w, "responseObject", ev.ResponseObject);
            }

            w.WriteString("requestReceivedTimestamp", MicroTime(ev.RequestReceived));
            w.WriteString("stageTimestamp", MicroTime(stageTimestamp));
            if (stage != AuditStage.RequestReceived && ev.Annotations.Count > 0)
            {
                w.WriteStartObject("annotations");
                foreach (var (key, value) in ev.Annotations)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>metav1.MicroTime's JSON form.</summary>
    public static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    // UserInfo's fields in order, each left out when empty (all are omitempty).
    private static void WriteUser(Utf8JsonWriter w, string name, AuditUser user)
    {
        w.WriteStartObject(name);
        WriteIfSet(w, "username", user.Username);
        WriteIfSet(w, "uid", user.Uid);
        if (user.Groups.Count > 0)
        {
            WriteStrings(w, "groups", user.Groups);
        }

        if (user.Extra is { Count: > 0 } extra)
        {
            w.WriteStartObject("extra");
            foreach (var (key, values) in extra.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                WriteStrings(w, key, values);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteObjectRef(Utf8JsonWriter w, AuditEvent ev)
    {
        if (ev.ObjectRef is not { } info)
        {
            return;
        }

        w.WriteStartObject("objectRef");
        WriteIfSet(w, "resource", info.Resource);
        WriteIfSet(w, "namespace", info.Namespace);
        WriteIfSet(w, "name", info.Name.Length > 0 ? info.Name : ev.ObjectName ?? "");
        WriteIfSet(w, "apiGroup", info.Group);
        WriteIfSet(w, "apiVersion", info.Version);
        WriteIfSet(w, "subresource", info.Subresource);
        w.WriteEndObject();
    }

    private static void WriteStatus(Utf8JsonWriter w, AuditResponseStatus status)
    {
        w.WriteStartObject("responseStatus");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        WriteIfSet(w, "status", status.Status);
        WriteIfSet(w, "message", status.Message);
        WriteIfSet(w, "reason", status.Reason);
        WriteRaw(w, "details", status.DetailsJson);
        w.WriteNumber("code", status.Code);
        w.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteRaw(Utf8JsonWriter w, string name, byte[]? json)
    {
        if (json is not null)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }
}
