using System.Text;
using AtRest.ApiServer.Audit;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>Rotation as lumberjack does it: by size, backups named by UTC time, pruned by count and by age.</summary>
public sealed class RotatingLogFileTests : IDisposable
{
    private const int Megabyte = 1024 * 1024;
    private readonly TempDirectory _directory = new("audit-rotate");
    private readonly SteppingClock _clock = new(new DateTimeOffset(2026, 11, 29, 15, 30, 0, 123, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_write_that_would_pass_the_size_rotates_first_and_backups_beyond_the_count_go()
    {
        var path = _directory.File("audit.log");
        var line = Line('a', 400 * 1024);
        using (var file = new RotatingLogFile(path, maxSizeMegabytes: 1, maxBackups: 2, maxAgeDays: 0, _clock))
        {
            for (var i = 0; i < 10; i++)
            {
                file.Write(line);
                _clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        // Two lines fit in 1 MiB, the third rotates: the writes at 2, 4, 6 and 8 s rotate, the newest 2 backups stay.
        var backups = Backups();
        Assert.Equal(["audit-2026-11-29T15-30-06.123.log", "audit-2026-11-29T15-30-08.123.log"], backups);
        Assert.Equal(2 * line.Length, new FileInfo(path).Length);
        foreach (var backup in backups)
        {
            Assert.Equal(2 * line.Length, new FileInfo(_directory.File(backup)).Length);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Backups_older_than_the_max_age_go()
    {
        var path = _directory.File("audit.log");
        var line = Line('b', 600 * 1024);
        using var file = new RotatingLogFile(path, maxSizeMegabytes: 1, maxBackups: 0, maxAgeDays: 2, _clock);
        file.Write(line);
        file.Write(line);
        Assert.Equal(["audit-2026-11-29T15-30-00.123.log"], Backups());
        _clock.Advance(TimeSpan.FromDays(3));
        file.Write(line);
        Assert.Equal(["audit-2026-12-02T15-30-00.123.log"], Backups());
    }

    [Fact]
    public void Without_limits_every_backup_stays_and_an_existing_file_is_appended_to()
    {
        var path = _directory.File("audit.log");
        File.WriteAllText(path, "earlier\n");
        using (var file = new RotatingLogFile(path, maxSizeMegabytes: 1, maxBackups: 0, maxAgeDays: 0, _clock))
        {
            file.Write("next\n"u8);
        }

        Assert.Equal("earlier\nnext\n", File.ReadAllText(path));
        using (var file = new RotatingLogFile(path, maxSizeMegabytes: 1, maxBackups: 0, maxAgeDays: 0, _clock))
        {
            for (var i = 0; i < 4; i++)
            {
                file.Write(Line('c', 700 * 1024));
                _clock.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        // The first 700 KiB line still fits beside the two short ones; each later one rotates.
        Assert.Equal(3, Backups().Length);
    }

    [Fact]
    public void Lines_reach_the_file_on_flush_and_count_towards_the_size_before()
    {
        var path = _directory.File("audit.log");
        using var file = new RotatingLogFile(path, maxSizeMegabytes: 1, maxBackups: 0, maxAgeDays: 0, _clock);
        file.Write("one\n"u8);
        file.Write("two\n"u8);
        Assert.Equal(0, new FileInfo(path).Length);
        file.Flush();
        Assert.Equal("one\ntwo\n", File.ReadAllText(path));

        // Still unflushed, 600 KiB and then 500 KiB pass 1 MiB: the second write rotates, the first reached the backup.
        file.Write(Line('d', 600 * 1024));
        file.Write(Line('e', 500 * 1024));
        Assert.Equal(8 + (600 * 1024), new FileInfo(_directory.File(Assert.Single(Backups()))).Length);
    }

    [Fact]
    public void A_line_larger_than_the_max_size_is_refused()
    {
        using var file = new RotatingLogFile(_directory.File("audit.log"), maxSizeMegabytes: 1, maxBackups: 0, maxAgeDays: 0, _clock);
        var error = Assert.Throws<IOException>(() => file.Write(new byte[Megabyte + 1]));
        Assert.Equal($"write length {Megabyte + 1} exceeds maximum file size {Megabyte}", error.Message);
    }

    private string[] Backups() => Directory.GetFiles(_directory.Path, "audit-*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static byte[] Line(char fill, int length) => Encoding.ASCII.GetBytes(new string(fill, length - 1) + "\n");

    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
