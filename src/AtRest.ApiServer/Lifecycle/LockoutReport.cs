namespace AtRest.ApiServer.Lifecycle;

/// <summary>The stored objects a candidate encryption configuration could not read although they are readable today.</summary>
public sealed class LockoutReport
{
    /// <summary>How many objects are listed one by one in <see cref="Objects"/>.</summary>
    public const int MaxListed = 1000;

    /// <summary>How many keys a one-line summary names.</summary>
    public const int SummaryKeys = 5;

    /// <summary>The content hash of the candidate configuration.</summary>
    public string CandidateHash { get; init; } = string.Empty;

    /// <summary>The store revision checked.</summary>
    public long Revision { get; init; }

    /// <summary>How many objects would become unreadable.</summary>
    public long Count { get; init; }

    /// <summary>The first <see cref="MaxListed"/> of them, with the candidate's reason.</summary>
    public IReadOnlyList<UnreadableObject> Objects { get; init; } = [];

    /// <summary>Whether nothing would become unreadable.</summary>
    public bool Safe => Count == 0;

    /// <summary>One line for a log, <c>/healthz</c> or a start-up error: the count and the first keys.</summary>
    public string Summary()
    {
        var first = string.Join(", ", Objects.Take(SummaryKeys).Select(o => $"{o.Key} ({o.Reason})"));
        var more = Count > SummaryKeys ? $" and {Count - SummaryKeys} more" : string.Empty;
        return $"{Count} stored object(s) would become unreadable: {first}{more}";
    }
}
