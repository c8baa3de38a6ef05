using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// The README's table of kubectl commands, run row by row against a fresh server with the kubectl the dispatcher
/// picks: a "yes" row must succeed, a "no" row must fail with the error the table shows.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReadmeKubectlTableTests : IAsyncLifetime
{
    private readonly TempDirectory _scratch = new("readme-kubectl");
    private AtRestServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await AtRestServer.StartAsync(_scratch.File("data"), cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _scratch.Dispose();
    }

    [Fact]
    public void The_table_has_served_and_unserved_rows_with_errors()
    {
        var rows = ReadmeKubectlTable.Read();
        Assert.True(rows.Count(row => row.Served) >= 15, $"only {rows.Count(row => row.Served)} served rows parsed");
        Assert.True(rows.Count(row => !row.Served) >= 10, $"only {rows.Count(row => !row.Served)} unserved rows parsed");
        Assert.All(rows.Where(row => !row.Served), row => Assert.False(string.IsNullOrEmpty(row.ExpectedError), $"no error quoted for `{row.CommandLine}`"));
    }

    [Fact]
    public async Task Every_row_does_what_the_table_says()
    {
        var kubectl = new Kubectl(KubectlBinaries.Dispatcher, _server.KubeconfigPath, _scratch.Path);
        var wrong = new List<string>();
        foreach (var row in ReadmeKubectlTable.Read())
        {
            var result = await kubectl.ShellAsync(row.CommandLine);
            var asSaid = row.Served
                ? result.ExitCode == 0
                : result.ExitCode != 0 && result.Stderr.Contains(row.ExpectedError, StringComparison.Ordinal);
            if (!asSaid)
            {
                wrong.Add($"`{row.CommandLine}` (table: {(row.Served ? "served" : row.ExpectedError)}) exited {result.ExitCode}\n" +
                    $"stdout: {result.Stdout}\nstderr: {result.Stderr}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n\n", wrong) + "\n\nserver log:\n" + _server.Log);
    }
}
