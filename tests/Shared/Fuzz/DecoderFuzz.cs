namespace AtRest.Tests.Shared.Fuzz;

/// <summary>
/// Feeds generated inputs to a decoder and checks the property every decoder must hold: each input either decodes
/// (the callback returns) or fails with the decoder's documented exception type. Any other exception, an input
/// that runs for longer than <see cref="StallLimit"/> (a hang; the limit only ends the test, it asserts no speed), or
/// one that allocates more than <see cref="AllocationLimit"/> fails the test with the input and the seed that
/// reproduces it. The decoder runs on a thread with a 1 MiB stack, smaller than a request thread's, so that
/// recursion deep enough to threaten a server thread crashes the test run.
/// </summary>
public static class DecoderFuzz
{
    /// <summary>How long one input may run before the run is declared hung.</summary>
    public static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(30);

    /// <summary>The most one input may allocate: bounded, whatever the input asks for (a 3 MiB body may cost this much).</summary>
    public const long AllocationLimit = 256L << 20;

    /// <summary>
    /// Runs inputs <c>0..count-1</c> through <paramref name="decode"/>; <paramref name="isCleanError"/> says which
    /// exceptions are the decoder's documented parse errors.
    /// </summary>
    /// <returns>How many inputs decoded and how many were rejected cleanly.</returns>
    public static FuzzOutcome Run(FuzzInputs inputs, int count, Action<byte[]> decode, Func<Exception, bool> isCleanError)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var progress = new FuzzProgress();
        var worker = new Thread(() => Work(inputs, count, decode, isCleanError, progress), 1 << 20) { IsBackground = true, Name = "fuzz" };
        worker.Start();
        var lastIndex = -1;
        var since = DateTime.UtcNow;
        while (!worker.Join(TimeSpan.FromMilliseconds(200)))
        {
            var index = progress.Index;
            if (index != lastIndex)
            {
                lastIndex = index;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since > StallLimit)
            {
                throw new FuzzFailure($"decoding ran for more than {StallLimit.TotalSeconds} s (hang): {inputs.Describe(index, inputs.Generate(index))}");
            }
        }

        if (progress.Failure is { } failure)
        {
            throw failure;
        }

        return new FuzzOutcome(progress.Decoded, progress.Rejected, progress.MostAllocated);
    }

    private static void Work(FuzzInputs inputs, int count, Action<byte[]> decode, Func<Exception, bool> isCleanError, FuzzProgress progress)
    {
        for (var i = 0; i < count; i++)
        {
            progress.Index = i;
            var input = inputs.Generate(i);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                decode(input);
                progress.Decoded++;
            }
            catch (Exception e) when (isCleanError(e))
            {
                progress.Rejected++;
            }
            catch (Exception e)
            {
                progress.Failure = new FuzzFailure($"{e.GetType().FullName} is not a clean parse error: {inputs.Describe(i, input)}", e);
                return;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            progress.MostAllocated = Math.Max(progress.MostAllocated, allocated);
            if (allocated > AllocationLimit)
            {
                progress.Failure = new FuzzFailure($"one input allocated {allocated >> 20} MiB, over the {AllocationLimit >> 20} MiB bound: {inputs.Describe(i, input)}");
                return;
            }
        }
    }
}
