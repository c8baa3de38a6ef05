using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Observability;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Tests.Shared;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace AtRest.ApiServer.Tests.Hosting;

public sealed class EncryptionConfigReloaderTests : IDisposable
{
    private static readonly string Identity = EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Identity);

    private const string AesGcmKey = "c2VjcmV0IGlzIHNlY3VyZSwgaXMgaXQgbm90Pz8/Pz8=";

    private static readonly string AesGcm = EncryptionConfigurationWriter.Render(
        ["secrets"], EncryptionProviderSpec.Keyed("aesgcm", ("key1", AesGcmKey)), EncryptionProviderSpec.Identity);

    private static readonly GroupResource Secrets = new(string.Empty, "secrets");
    private static readonly byte[] Key = "/registry/secrets/default/s1"u8.ToArray();
    private readonly TempDirectory _directory = new("reload");
    private readonly CapturingLogger _log = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Valid_change_is_swapped_in_and_counted()
    {
        var (reloader, reloadable, metrics, path) = Create(Identity);
        File.WriteAllText(path, AesGcm);

        Assert.True(await reloader.PollAsync(TestContext.Current.CancellationToken));

        var stored = await reloadable.For(Secrets).TransformToStorageAsync("v"u8.ToArray(), Key, TestContext.Current.CancellationToken);
        Assert.StartsWith("k8s:enc:aesgcm:v1:key1:", System.Text.Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.Null(reloader.LastError);
        var text = await Scrape(metrics);
        Assert.Contains("apiserver_encryption_config_controller_automatic_reloads_total{status=\"success\"", text, StringComparison.Ordinal);
        Assert.Contains($"hash=\"{EncryptionConfigurationLoader.ContentHash(File.ReadAllBytes(path))}\"", text, StringComparison.Ordinal);
        Assert.Equal(EncryptionConfigurationLoader.ContentHash(File.ReadAllBytes(path)), reloader.AppliedHash);
    }

    [Fact]
    public async Task Unchanged_file_is_not_reloaded()
    {
        var (reloader, _, metrics, _) = Create(Identity);
        Assert.False(await reloader.PollAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain("automatic_reloads_total{", await Scrape(metrics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_change_keeps_the_old_config_and_reports_the_error_without_key_material()
    {
        var (reloader, reloadable, metrics, path) = Create(AesGcm);
        File.WriteAllText(path, AesGcm.Replace(AesGcmKey, "dG9vIHNob3J0", StringComparison.Ordinal));

        Assert.False(await reloader.PollAsync(TestContext.Current.CancellationToken));

        var stored = await reloadable.For(Secrets).TransformToStorageAsync("v"u8.ToArray(), Key, TestContext.Current.CancellationToken);
        Assert.StartsWith("k8s:enc:aesgcm:v1:key1:", System.Text.Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        var error = Assert.IsType<string>(reloader.LastError);
        Assert.StartsWith($"error processing encryption config file {path}: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("dG9vIHNob3J0", error, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, line => line == error);
        Assert.Equal(error, await reloader.HealthCheck.Check(TestContext.Current.CancellationToken));
        Assert.Contains("apiserver_encryption_config_controller_automatic_reloads_total{status=\"failure\"", await Scrape(metrics), StringComparison.Ordinal);

        // Reverting the file to the configuration still serving clears the error without a reload.
        File.WriteAllText(path, AesGcm);
        Assert.False(await reloader.PollAsync(TestContext.Current.CancellationToken));
        Assert.Null(reloader.LastError);
        Assert.Null(await reloader.HealthCheck.Check(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Missing_file_is_an_error_and_the_old_config_serves()
    {
        var (reloader, _, _, path) = Create(Identity);
        File.Delete(path);
        Assert.False(await reloader.PollAsync(TestContext.Current.CancellationToken));
        Assert.Contains(path, reloader.LastError, StringComparison.Ordinal);
    }

    private (EncryptionConfigReloader Reloader, ReloadableResourceTransformers Transformers, ApiServerMetrics Metrics, string Path) Create(string content)
    {
        var path = _directory.File("config.yaml");
        File.WriteAllText(path, content);
        var loaded = EncryptionConfigurationLoader.LoadFile(path, automaticReload: true);
        var reloadable = new ReloadableResourceTransformers(loaded);
        var metrics = new ApiServerMetrics("sha256:test");
        var options = new EncryptionConfigReloadOptions(path, TimeSpan.FromMinutes(1), reloadable, loaded.ContentHash);
        return (new EncryptionConfigReloader(options, metrics, _log), reloadable, metrics, path);
    }

    private static async Task<string> Scrape(ApiServerMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
