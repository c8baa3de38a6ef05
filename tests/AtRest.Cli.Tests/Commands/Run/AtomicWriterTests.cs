using System.Text;
using AtRest.Cli.Commands.Run;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>The atomic writer on a real directory: versions, the swap, links added and removed, cleanup.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtomicWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("atomic");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Each_write_swaps_in_a_new_version_and_removes_the_old_one_and_stale_links()
    {
        var writer = new AtomicWriter(_dir.Path, TimeProvider.System);

        Assert.True(writer.Write(Payload(("user", "admin"), ("pass", "1"))));
        var first = writer.CurrentVersion();
        Assert.True(writer.Write(Payload(("user", "root"), ("nested/file", "n"))));
        var second = writer.CurrentVersion();

        Assert.NotEqual(first, second);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, first!)));
        Assert.Equal("root", File.ReadAllText(_dir.File("user")));
        Assert.Equal("n", File.ReadAllText(_dir.File("nested/file")));
        Assert.False(File.Exists(_dir.File("pass")));
        Assert.Null(new FileInfo(_dir.File("pass")).LinkTarget);
        Assert.Equal("..data/nested", new DirectoryInfo(_dir.File("nested")).LinkTarget);
    }

    [Fact]
    public void Writing_the_same_content_again_changes_nothing_but_a_mode_change_does()
    {
        var writer = new AtomicWriter(_dir.Path, TimeProvider.System);
        writer.Write(Payload(("user", "admin")));
        var version = writer.CurrentVersion();

        Assert.False(writer.Write(Payload(("user", "admin"))));
        Assert.Equal(version, writer.CurrentVersion());
        Assert.True(writer.Write(new Dictionary<string, FileProjection> { ["user"] = new("admin"u8.ToArray(), 0b100_000_000) }));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(_dir.Path, writer.CurrentVersion()!, "user")));
    }

    [Fact]
    public void A_file_in_the_way_of_a_key_link_is_an_error_naming_it()
    {
        File.WriteAllText(_dir.File("user"), "mine");
        var writer = new AtomicWriter(_dir.Path, TimeProvider.System);

        var error = Assert.Throws<DeliveryException>(() => writer.Write(Payload(("user", "admin"))));

        Assert.Contains($"{_dir.File("user")} exists and is not a link into ..data", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(_dir.File("user")));
    }

    [Fact]
    public void Remove_leaves_only_what_the_writer_did_not_create()
    {
        File.WriteAllText(_dir.File("unrelated"), "x");
        var writer = new AtomicWriter(_dir.Path, TimeProvider.System);
        writer.Write(Payload(("user", "admin"), ("a/b", "c")));

        writer.Remove();

        Assert.Equal(["unrelated"], Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    private static Dictionary<string, FileProjection> Payload(params (string Path, string Value)[] files) =>
        files.ToDictionary(f => f.Path, f => new FileProjection(Encoding.UTF8.GetBytes(f.Value), 0b110_100_100));
}
