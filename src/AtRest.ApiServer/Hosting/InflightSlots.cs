namespace AtRest.ApiServer.Hosting;

/// <summary>A fixed number of slots, taken without waiting (kube-apiserver's buffered channel in <c>WithMaxInFlightLimit</c>).</summary>
internal sealed class InflightSlots(int limit)
{
    private int _used;

    /// <summary>Takes a slot; false when all are taken.</summary>
    public bool TryTake()
    {
        if (Interlocked.Increment(ref _used) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _used);
        return false;
    }

    /// <summary>Gives a slot back.</summary>
    public void Release() => Interlocked.Decrement(ref _used);
}
