using System.Globalization;
using AtRest.ApiServer.Errors;

namespace AtRest.ApiServer.Storage;

/// <summary>
/// What a <c>resourceVersion</c> parameter means here, as in kube-apiserver: the store revision as a decimal
/// <c>uint64</c>, where <c>""</c> and <c>"0"</c> name no particular revision. A read may ask for a revision the
/// store has not reached yet; like the watch cache, the server waits a little for it and then answers 504.
/// </summary>
internal static class ResourceVersions
{
    /// <summary>How long a read waits for the store to reach a requested revision (the watch cache's blockTimeout).</summary>
    public static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The revision <paramref name="text"/> names, 0 for <c>""</c> or <c>"0"</c>; anything else that is not a decimal
    /// <c>uint64</c> is a 400 with the storage versioner's message (kube-apiserver answers it with a 500, a known bug).
    /// </summary>
    public static long Parse(string text)
    {
        if (text is "" or "0")
        {
            return 0;
        }

        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw Invalid(text, "value out of range");
            }

            // Revisions are int64 in etcd; a larger uint64 is a revision that will never exist.
            return value > long.MaxValue ? long.MaxValue : (long)value;
        }

        throw Invalid(text, "invalid syntax");
    }

    /// <summary>
    /// Returns once <paramref name="store"/> has reached <paramref name="revision"/>; after <see cref="FreshnessWait"/>
    /// without it, throws 504 <c>Too large resource version</c>.
    /// </summary>
    public static async Task WaitForAsync(ResourceStore store, long revision, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(FreshnessWait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            var current = await store.CurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (current >= revision)
            {
                return;
            }

            if (time.GetTimestamp() >= deadline)
            {
                throw ApiErrors.TooLargeResourceVersion(revision, current);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ApiException Invalid(string text, string why) =>
        ApiErrors.BadRequest($"resourceVersion: Invalid value: {ApiErrors.Quote(text)}: strconv.ParseUint: parsing {ApiErrors.Quote(text)}: {why}");
}
