using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.Storage.Tests.Sqlite;

/// <summary>The backend contract on a fresh SQLite file per test.</summary>
public sealed class SqliteKeyValueStoreContractTests : KeyValueStoreContractTests
{
    private readonly TempDirectory directory = new("sqlite-contract");

    /// <inheritdoc />
    protected override Task<IKeyValueStore> CreateStoreAsync() =>
        Task.FromResult<IKeyValueStore>(SqliteKeyValueStore.Open(directory.File("state.db")));

    /// <inheritdoc />
    protected override async Task DestroyStoreAsync(IKeyValueStore created)
    {
        await created.DisposeAsync();
        directory.Dispose();
    }
}
