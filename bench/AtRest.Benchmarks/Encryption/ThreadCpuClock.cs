using System.Runtime.InteropServices;

namespace AtRest.Benchmarks.Encryption;

/// <summary>
/// The calling thread's CPU time, <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>: unlike wall time it does not grow
/// while other processes hold the cores, and unlike <c>/proc/thread-self/schedstat</c> it is exact to the call, not
/// to the last scheduler tick.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Nanoseconds this thread has run.</summary>
    public static long Nanoseconds()
    {
        // struct timespec on 64-bit Linux: tv_sec (8 bytes) ‖ tv_nsec (8 bytes).
        Span<long> timespec = stackalloc long[2];
        if (ClockGetTime(ClockThreadCpuTimeId, ref MemoryMarshal.GetReference(timespec)) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID): {Marshal.GetLastPInvokeErrorMessage()}");
        }

        return (timespec[0] * 1_000_000_000) + timespec[1];
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, ref long timespec);
}
