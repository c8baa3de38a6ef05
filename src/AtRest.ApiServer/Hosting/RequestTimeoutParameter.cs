using AtRest.Encryption.Configuration.Validation;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// The <c>?timeout=</c> query parameter of a request that is not long-running (client-go sends its <c>Timeout</c> there:
/// <c>kubectl --request-timeout=1s</c> → <c>timeout=1s</c>), read as kube-apiserver's <c>WithRequestDeadline</c> reads it:
/// a Go duration; a positive value below the server's <c>--request-timeout</c> shortens the deadline, anything else
/// (0, negative, larger) leaves the server's.
/// </summary>
internal static class RequestTimeoutParameter
{
    private const string InvalidTimeoutInUrl = "invalid timeout specified in the request URL";

    /// <summary>
    /// The deadline for <paramref name="request"/> given the server's <paramref name="serverTimeout"/> (zero or less: none),
    /// or the 400 message when the parameter is not a duration.
    /// </summary>
    public static (TimeSpan Deadline, string? Error) Resolve(HttpRequest request, TimeSpan serverTimeout)
    {
        // Go's url.Values.Get: the first value; an empty one is as good as none.
        var values = request.Query["timeout"];
        var text = values.Count > 0 ? values[0] : null;
        if (string.IsNullOrEmpty(text))
        {
            return (serverTimeout, null);
        }

        if (!GoDuration.TryParse(text, out var nanoseconds, out var error))
        {
            return (serverTimeout, $"{InvalidTimeoutInUrl} - {error}");
        }

        var requested = TimeSpan.FromTicks(nanoseconds / (GoDuration.Second / TimeSpan.TicksPerSecond));
        return requested > TimeSpan.Zero && (serverTimeout <= TimeSpan.Zero || requested < serverTimeout)
            ? (requested, null)
            : (serverTimeout, null);
    }
}
