namespace AtRest.ApiServer.Lifecycle;

/// <summary>The live counters of a run, updated from many writers at once.</summary>
internal sealed class ReencryptionCounters
{
    private readonly Lock _failuresLock = new();
    private readonly List<UnreadableObject> _failures;
    private long _rewritten;
    private long _skipped;
    private long _conflicts;
    private long _failed;

    public ReencryptionCounters(ReencryptionRun from)
    {
        _rewritten = from.Rewritten;
        _skipped = from.Skipped;
        _conflicts = from.Conflicts;
        _failed = from.Failed;
        _failures = [.. from.Failures];
    }

    public void Count(ReencryptionOutcome outcome)
    {
        switch (outcome)
        {
            case ReencryptionOutcome.Rewritten:
                Interlocked.Increment(ref _rewritten);
                break;
            case ReencryptionOutcome.Skipped:
                Interlocked.Increment(ref _skipped);
                break;
            case ReencryptionOutcome.Conflict:
                Interlocked.Increment(ref _conflicts);
                break;
            default:
                Interlocked.Increment(ref _failed);
                break;
        }
    }

    public void Fail(UnreadableObject failure)
    {
        Count(ReencryptionOutcome.Failed);
        lock (_failuresLock)
        {
            if (_failures.Count < ReencryptionRun.MaxListedFailures)
            {
                _failures.Add(failure);
            }
        }
    }

    public ReencryptionRun Apply(ReencryptionRun run)
    {
        var rewritten = Interlocked.Read(ref _rewritten);
        var skipped = Interlocked.Read(ref _skipped);
        var conflicts = Interlocked.Read(ref _conflicts);
        var failed = Interlocked.Read(ref _failed);
        lock (_failuresLock)
        {
            return run with
            {
                Rewritten = rewritten,
                Skipped = skipped,
                Conflicts = conflicts,
                Failed = failed,
                Done = rewritten + skipped + conflicts + failed,
                Failures = [.. _failures],
            };
        }
    }
}
