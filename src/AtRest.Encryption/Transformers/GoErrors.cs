namespace AtRest.Encryption.Transformers;

/// <summary>Go's error-list rendering (k8s.io/apimachinery util/errors), reused for validation and read errors.</summary>
internal static class GoErrors
{
    /// <summary>
    /// <c>aggregate.Error()</c>: a single message bare; otherwise duplicates dropped and the rest joined as <c>[a, b]</c>
    /// (a list that collapses to one distinct message prints bare too).
    /// </summary>
    public static string JoinAggregate(IReadOnlyList<string> messages)
    {
        if (messages.Count == 1)
        {
            return messages[0];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>(messages.Count);
        foreach (var message in messages)
        {
            if (seen.Add(message))
            {
                distinct.Add(message);
            }
        }

        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }
}
