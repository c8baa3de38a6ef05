using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>A bad <c>--token-auth-file</c> or <c>--client-ca-file</c> stops the real server at start with one line naming the file and what is wrong.</summary>
[Trait("Category", "Integration")]
public sealed class AuthenticationFlagErrorTests : IDisposable
{
    private readonly TempDirectory _directory = new("authn-flags");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_token_file_record_with_two_columns_is_named_with_its_line()
    {
        var tokens = _directory.File("tokens.csv");
        await File.WriteAllTextAsync(tokens, "tok-a,alice,1\n\ntok-b,bob\n", TestContext.Current.CancellationToken);
        var stderr = await StartExpectingFailureAsync("--token-auth-file", tokens);
        Assert.Equal(
            $"Error: token file '{tokens}' must have at least 3 columns (token, user name, user uid), found 2 (line 3)\n", stderr);
    }

    [Fact]
    public async Task A_token_file_quoting_error_is_named_with_its_line_and_column()
    {
        var tokens = _directory.File("tokens.csv");
        await File.WriteAllTextAsync(tokens, "tok-a,alice,1,\"dev\"x\n", TestContext.Current.CancellationToken);
        var stderr = await StartExpectingFailureAsync("--token-auth-file", tokens);
        Assert.Equal(
            $"Error: --token-auth-file {tokens}: parse error on line 1, column 19: extraneous or missing \" in quoted-field\n", stderr);
    }

    [Fact]
    public async Task A_client_CA_file_without_a_certificate_is_refused()
    {
        var bundle = _directory.File("ca.pem");
        await File.WriteAllTextAsync(bundle, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", TestContext.Current.CancellationToken);
        var stderr = await StartExpectingFailureAsync("--client-ca-file", bundle);
        Assert.Equal($"Error: --client-ca-file {bundle}: no CERTIFICATE block found (expected one or more PEM CA certificates)\n", stderr);
    }

    private async Task<string> StartExpectingFailureAsync(string flag, string file)
    {
        var data = _directory.File("data");
        var (exit, _, stderr) = await AtRestServer.RunCliAsync(
            ["server", "--secure-port", "0", "--data-dir", data, flag, file], TestContext.Current.CancellationToken);
        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        // Nothing is left behind by a start that failed on a flag.
        Assert.False(Directory.Exists(data), "the failed start left its data directory behind");
        return stderr;
    }
}
