namespace AtRest.Tests.Shared.Fuzz;

/// <summary>What the fuzz worker thread reports to the watching test thread.</summary>
internal sealed class FuzzProgress
{
    private int _index;

    /// <summary>The input being decoded now.</summary>
    public int Index
    {
        get => Volatile.Read(ref _index);
        set => Volatile.Write(ref _index, value);
    }

    public int Decoded { get; set; }

    public int Rejected { get; set; }

    public long MostAllocated { get; set; }

    public FuzzFailure? Failure { get; set; }
}
