using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.Storage.Tests;

public sealed class KeyValueStoreFactoryTests : IDisposable
{
    private readonly TempDirectory directory = new("store-factory");

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sqlite://")]
    public async Task Default_IsStateDbInTheDataDirectory(string? endpoint)
    {
        await using var store = KeyValueStoreFactory.Open(endpoint, directory.File("data"));

        var sqlite = Assert.IsType<SqliteKeyValueStore>(store);
        Assert.Equal(directory.File(Path.Combine("data", "state.db")), sqlite.DatabasePath);
        await store.CreateAsync("/a", "v"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.True(File.Exists(directory.File(Path.Combine("data", "state.db"))));
    }

    [Fact]
    public async Task SqliteWithAPath_OpensThatFile()
    {
        var file = directory.File("elsewhere/my.db");

        await using var store = KeyValueStoreFactory.Open($"sqlite://{file}", directory.File("unused"), o => new SqliteKeyValueStoreOptions
        {
            DatabasePath = o.DatabasePath,
            CompactionInterval = TimeSpan.Zero,
        });

        Assert.Equal(file, Assert.IsType<SqliteKeyValueStore>(store).DatabasePath);
        Assert.False(Directory.Exists(directory.File("unused")));
    }

    [Fact]
    public async Task Etcd_IsTheEtcdBackendWithEveryEndpoint()
    {
        await using var store = KeyValueStoreFactory.Open("etcd://127.0.0.1:1,127.0.0.1:2", directory.Path);

        Assert.Equal("etcd http://127.0.0.1:1,http://127.0.0.1:2", Assert.IsType<EtcdKeyValueStore>(store).ToString());
    }

    [Theory]
    [InlineData("mysql://localhost/db", "unknown scheme")]
    [InlineData("/var/lib/state.db", "unknown scheme")]
    [InlineData("sqlite:///tmp/x.db?mode=ro", "query")]
    [InlineData("sqlite:///tmp/", "directory")]
    [InlineData("etcd://", "endpoint")]
    public void Malformed_IsRejectedSayingWhy(string endpoint, string reason)
    {
        var error = Assert.Throws<FormatException>(() => KeyValueStoreFactory.Open(endpoint, directory.Path));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
