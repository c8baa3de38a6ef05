namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>Event manifests as a controller would write them, for <c>kubectl create -f</c>.</summary>
internal static class EventManifests
{
    /// <summary>A core/v1 Event about <paramref name="kind"/> <paramref name="name"/> (with its uid, as describe matches on it).</summary>
    public static string About(string eventName, string eventNamespace, string kind, string name, string objectNamespace, string uid, string reason, string message) => $"""
        apiVersion: v1
        kind: Event
        metadata:
          name: {eventName}
          namespace: {eventNamespace}
        involvedObject:
          apiVersion: v1
          kind: {kind}
          name: {name}
          namespace: "{objectNamespace}"
          uid: {uid}
        reason: {reason}
        message: {message}
        type: Warning
        count: 3
        firstTimestamp: "2026-01-01T00:00:00Z"
        lastTimestamp: "2026-01-01T00:05:00Z"
        source:
          component: test-controller
        """;
}
