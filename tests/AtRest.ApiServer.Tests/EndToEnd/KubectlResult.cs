namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>What one kubectl run printed.</summary>
internal sealed record KubectlResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Fails the test, with both outputs, unless kubectl exited with 0.</summary>
    public KubectlResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited with {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }
}
