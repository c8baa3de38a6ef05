using AtRest.ApiServer.Events;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Storage;
using AtRest.Encryption;
using AtRest.Kubernetes.Model;
using AtRest.Storage;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Events;

/// <summary>
/// The server's own events, written to a real SQLite event store: repeats aggregate as client-go's recorder does
/// (count and lastTimestamp), and the encryption events report each unreadable object once per configuration, within
/// a token bucket, without its value.
/// </summary>
public sealed class EventRecorderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);
    private static readonly ObjectReference Secret = new() { Kind = "Secret", ApiVersion = "v1", Namespace = "apps", Name = "db" };
    private readonly TempDirectory _directory = new("event-recorder");
    private readonly SetClock _clock = new(Start);
    private SqliteKeyValueStore _kv = null!;
    private ResourceStore _events = null!;
    private EventRecorder _recorder = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _kv = SqliteKeyValueStore.Open(_directory.File("state.db"));
        _events = new ResourceStore(EventKind.Registration.Strategy!(), _kv, ResourceTransformers.IdentityOnly, StorageKeys.Default);
        _recorder = new EventRecorder(_events, _clock, "apiserver", "host-1");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _recorder.DisposeAsync();
        await _kv.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_repeat_adds_to_the_count_and_moves_last_timestamp()
    {
        _recorder.Record("apps", Secret, "Warning", "Odd", "it happened");
        await _recorder.FlushAsync(Token);
        _clock.Now = Start.AddMinutes(3);
        _recorder.Record("apps", Secret, "Warning", "Odd", "it happened");
        _recorder.Record("apps", Secret, "Warning", "Odd", "something else");

        await _recorder.FlushAsync(Token);

        var events = await ListAsync("apps");
        Assert.Equal(2, events.Count);
        var repeated = Assert.Single(events, e => e.Message == "it happened");
        Assert.Equal(2, repeated.Count);
        Assert.Equal(KubernetesTime.FromDateTimeOffset(Start), repeated.FirstTimestamp);
        Assert.Equal(KubernetesTime.FromDateTimeOffset(Start.AddMinutes(3)), repeated.LastTimestamp);
        Assert.Equal(new EventSource { Component = "apiserver", Host = "host-1" }, repeated.Source);
        Assert.StartsWith("db.", repeated.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(Secret, repeated.InvolvedObject);
        Assert.NotEmpty(repeated.Metadata.Uid);
    }

    [Fact]
    public async Task A_repeat_of_an_expired_event_records_it_again()
    {
        _recorder.Record("apps", Secret, "Normal", "Seen", "once");
        await _recorder.FlushAsync(Token);
        var first = Assert.Single(await ListAsync("apps"));
        await _events.DeleteAsync("apps", first.Metadata.Name, null, Token);

        _recorder.Record("apps", Secret, "Normal", "Seen", "once");
        await _recorder.FlushAsync(Token);

        Assert.Equal(1, Assert.Single(await ListAsync("apps")).Count);
    }

    [Fact]
    public async Task An_unreadable_object_is_reported_once_per_configuration()
    {
        var encryption = new EncryptionEvents(_recorder, _clock);

        encryption.DecryptionFailed(Secret, "/registry/secrets/apps/db", "no matching prefix found");
        encryption.DecryptionFailed(Secret, "/registry/secrets/apps/db", "no matching prefix found");
        await _recorder.FlushAsync(Token);
        var once = Assert.Single(await ListAsync("apps"));
        encryption.ConfigurationReloaded("/etc/enc.yaml", "k8s:enc:hash");
        encryption.DecryptionFailed(Secret, "/registry/secrets/apps/db", "no matching prefix found");
        await _recorder.FlushAsync(Token);

        var again = Assert.Single(await ListAsync("apps"));
        Assert.Equal(("Warning", "DecryptionFailed", 1, 2), (once.Type, once.Reason, once.Count, again.Count));
        Assert.Equal(
            "Secret apps/db cannot be read under the encryption configuration serving (key /registry/secrets/apps/db): no matching prefix found",
            again.Message);
        var reloaded = Assert.Single(await ListAsync("default"));
        Assert.Equal(("Normal", "EncryptionConfigReloaded", "Namespace", "kube-system"), (reloaded.Type, reloaded.Reason, reloaded.InvolvedObject.Kind, reloaded.InvolvedObject.Name));
    }

    [Fact]
    public async Task Unreadable_objects_are_reported_within_a_token_bucket()
    {
        var encryption = new EncryptionEvents(_recorder, _clock);

        for (var i = 0; i < EncryptionEvents.Burst + 5; i++)
        {
            encryption.DecryptionFailed(Secret with { Name = $"s{i}" }, $"/registry/secrets/apps/s{i}", "bad");
        }

        await _recorder.FlushAsync(Token);
        Assert.Equal(EncryptionEvents.Burst, (await ListAsync("apps")).Count);
        _clock.Now = Start + (2 * EncryptionEvents.RefillInterval);
        for (var i = 0; i < EncryptionEvents.Burst + 5; i++)
        {
            encryption.DecryptionFailed(Secret with { Name = $"s{i}" }, $"/registry/secrets/apps/s{i}", "bad");
        }

        await _recorder.FlushAsync(Token);
        Assert.Equal(EncryptionEvents.Burst + 2, (await ListAsync("apps")).Count);
    }

    private async Task<List<Event>> ListAsync(string @namespace) =>
        [.. (await _events.ListAsync(@namespace, ListOptions.All, Token)).Items.Cast<Event>()];
}
