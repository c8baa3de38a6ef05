namespace AtRest.ApiServer.Hosting;

/// <summary>
/// kube-apiserver's long-running check: watches stay open for as long as the client wants, so they are neither
/// counted against the in-flight limits nor cut by the request timeout.
/// </summary>
internal static class LongRunningRequest
{
    /// <summary>Whether the request is long-running.</summary>
    public static bool Is(RequestInfo info) => info.Verb == "watch";
}
