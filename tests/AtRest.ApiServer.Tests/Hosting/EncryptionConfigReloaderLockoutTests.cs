using System.Text;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Observability;
using AtRest.ApiServer.Tests.Lifecycle;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Tests.Hosting;

/// <summary>A reload to a file lacking a key still in use is refused (old config serves, health says why), unless forced.</summary>
[Trait("Category", "Integration")]
public sealed class EncryptionConfigReloaderLockoutTests : IDisposable
{
    private static readonly GroupResource Secrets = new(string.Empty, "secrets");
    private readonly TempDirectory _directory = new("reload-lockout");
    private readonly List<string> _log = [];

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reload_that_would_lock_out_objects_is_refused_and_the_old_config_keeps_reading_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await MixedStore.SeedAsync(store, ct);
        var (reloader, reloadable, path) = Create(store, guarded: true);
        File.WriteAllText(path, MixedStore.WithoutKey1);

        Assert.False(await reloader.PollAsync(ct));

        var error = Assert.IsType<string>(reloader.LastError);
        Assert.Contains($"1 stored object(s) would become unreadable: {MixedStore.Key1Key} (", error, StringComparison.Ordinal);
        Assert.Contains(LockoutOverride.Flag, error, StringComparison.Ordinal);
        Assert.DoesNotContain(MixedStore.Key1, error, StringComparison.Ordinal);
        Assert.Equal(error, await reloader.HealthCheck.Check(ct));
        Assert.Contains(_log, line => line == error);
        var stored = await store.GetAsync(MixedStore.Key1Key, ct);
        var read = await reloadable.For(Secrets).TransformFromStorageAsync(stored!.Value, Encoding.UTF8.GetBytes(MixedStore.Key1Key), ct);
        Assert.Equal($"value of {MixedStore.Key1Key}", Encoding.UTF8.GetString(read.Data.Span));
    }

    [Fact]
    public async Task Forced_reload_applies_the_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await MixedStore.SeedAsync(store, ct);
        var (reloader, _, path) = Create(store, guarded: false);
        File.WriteAllText(path, MixedStore.WithoutKey1);

        Assert.True(await reloader.PollAsync(ct));
        Assert.Null(reloader.LastError);
    }

    [Fact]
    public async Task Renamed_key_is_refused_and_a_file_keeping_every_key_is_applied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await MixedStore.SeedAsync(store, ct);
        var (reloader, _, path) = Create(store, guarded: true);
        // Renaming key2 locks out the two objects under it.
        File.WriteAllText(path, MixedStore.Current.Replace("key2", "keyB", StringComparison.Ordinal) + "\n");
        Assert.False(await reloader.PollAsync(ct));
        Assert.Contains("would become unreadable", reloader.LastError, StringComparison.Ordinal);

        // The same keys in a changed file lock nothing out (the lost object was unreadable already).
        File.WriteAllText(path, MixedStore.Current + "\n");
        Assert.True(await reloader.PollAsync(ct));
        Assert.Null(reloader.LastError);
    }

    private (EncryptionConfigReloader Reloader, ReloadableResourceTransformers Transformers, string Path) Create(IKeyValueStore store, bool guarded)
    {
        var path = _directory.File("config.yaml");
        File.WriteAllText(path, MixedStore.Current);
        var loaded = EncryptionConfigurationLoader.LoadFile(path, automaticReload: true);
        var reloadable = new ReloadableResourceTransformers(loaded);
        var options = new EncryptionConfigReloadOptions(path, TimeSpan.FromMinutes(1), reloadable, loaded.ContentHash);
        var reloader = new EncryptionConfigReloader(
            options, new ApiServerMetrics("sha256:test"), new ListLogger(_log), guarded ? new LockoutCheck(store, StorageKeys.Default) : null);
        return (reloader, reloadable, path);
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add(formatter(state, exception));
    }
}
