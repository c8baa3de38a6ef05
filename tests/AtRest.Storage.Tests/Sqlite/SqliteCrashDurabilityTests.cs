using System.Diagnostics;
using AtRest.Storage.CrashWriter;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Tests.Sqlite;

/// <summary>
/// A write that was acknowledged survives <c>kill -9</c>: a child process writes with 16 concurrent callers and prints
/// every acknowledged key, is killed at a random moment, and every printed key must then be in the database.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SqliteCrashDurabilityTests
{
    private const int Runs = 5;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KillDashNine_AtARandomMoment_LosesNoAcknowledgedWrite()
    {
        using var directory = new TempDirectory("sqlite-crash");
        var database = directory.File("state.db");
        var acknowledged = new List<(string Prefix, List<int> Keys)>();

        for (var run = 0; run < Runs; run++)
        {
            var prefix = $"/crash/run{run}/";
            var keys = await WriteUntilKilledAsync(database, prefix, killAfter: TimeSpan.FromMilliseconds(Random.Shared.Next(20, 400)));
            Assert.NotEmpty(keys);
            acknowledged.Add((prefix, keys));

            Assert.Equal("ok", IntegrityCheck(database));
            await using var store = SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions { DatabasePath = database, CompactionInterval = TimeSpan.Zero });
            foreach (var (earlierPrefix, earlierKeys) in acknowledged)
            {
                foreach (var n in earlierKeys)
                {
                    var entry = await store.GetAsync(earlierPrefix + n, TestContext.Current.CancellationToken);
                    Assert.True(entry is not null, $"acknowledged key {earlierPrefix}{n} is missing after kill -9");
                    Assert.Equal(CrashWriterValues.For(n), entry.Value);
                }
            }
        }
    }

    // Starts the crash writer, waits for its first acknowledgement, kills it (SIGKILL) after `killAfter`,
    // and returns the key numbers it acknowledged.
    private static async Task<List<int>> WriteUntilKilledAsync(string database, string prefix, TimeSpan killAfter)
    {
        var start = CrashWriterStartInfo(database, prefix);
        var writer = start.FileName;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {writer}");
        var acknowledged = new List<int>();
        var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                // A line cut short by the kill has no ';' and is ignored.
                if (line.EndsWith(';') && int.TryParse(line.AsSpan(0, line.Length - 1), out var n))
                {
                    acknowledged.Add(n);
                    firstAck.TrySetResult();
                }
            }
        });

        try
        {
            var started = await Task.WhenAny(firstAck.Task, process.WaitForExitAsync(TestContext.Current.CancellationToken), Task.Delay(StartDeadline, TestContext.Current.CancellationToken));
            if (started != firstAck.Task)
            {
                process.Kill();
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.Fail($"the crash writer acknowledged nothing (exited: {process.HasExited}); its stderr:\n{await errors}");
            }

            await Task.Delay(killAfter, TestContext.Current.CancellationToken);
            if (process.HasExited)
            {
                Assert.Fail($"the crash writer stopped by itself; its stderr:\n{await errors}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await reading;
        return acknowledged;
    }

    // The test runs either under `dotnet` (then `dotnet exec` the writer's dll) or as its own apphost (then the
    // writer's apphost beside it finds the runtime the same way).
    private static ProcessStartInfo CrashWriterStartInfo(string database, string prefix)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AtRest.Storage.CrashWriter.dll");
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "AtRest.Storage.CrashWriter.exe" : "AtRest.Storage.CrashWriter");
        var underDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
        var useApphost = !underDotnet && File.Exists(apphost);
        var start = new ProcessStartInfo(useApphost ? apphost : underDotnet ? Environment.ProcessPath! : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!useApphost)
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(dll);
        }

        foreach (var argument in new[] { database, prefix, "16" })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
