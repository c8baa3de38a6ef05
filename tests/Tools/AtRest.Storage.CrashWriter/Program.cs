using AtRest.Storage.Sqlite;

namespace AtRest.Storage.CrashWriter;

/// <summary>
/// Usage: <c>AtRest.Storage.CrashWriter &lt;database&gt; &lt;key-prefix&gt; &lt;concurrent-writers&gt;</c>.
/// Creates keys <c>&lt;prefix&gt;&lt;n&gt;</c> with <see cref="CrashWriterValues.For"/> values until killed, and prints
/// <c>n;</c> on its own line after each write is acknowledged (the ';' marks a line that was printed whole).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[2], out var writers) || writers <= 0)
        {
            await Console.Error.WriteLineAsync("usage: AtRest.Storage.CrashWriter <database> <key-prefix> <concurrent-writers>");
            return 2;
        }

        await using var store = SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions
        {
            DatabasePath = args[0],
            CompactionInterval = TimeSpan.Zero,
        });
        var prefix = args[1];
        var next = -1;
        var output = Console.Out;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                var result = await store.CreateAsync(prefix + n, CrashWriterValues.For(n));
                if (!result.Succeeded)
                {
                    await Console.Error.WriteLineAsync($"create of {prefix}{n} was refused");
                    Environment.Exit(3);
                }

                output.WriteLine($"{n};");
            }
        })));
        return 0;
    }
}
