using System.Text;
using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// The rotation record on a real SQLite store: compare-and-swap so two clients cannot both move the stage, and the stage
/// every server record and status reports.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RotationStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("rotation-store");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_stage_moves_only_from_the_revision_read_and_servers_and_status_report_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        var keys = StorageKeys.Default;
        var initial = await RotationStore.ReadAsync(store, keys, ct);
        Assert.Equal(new RotationDocument(RotationRecord.Initial, 0), initial);

        var prepare = new RotationRecord(RotationStage.Prepare, "key-20261129150000", ["key1"], ["secrets"], DateTimeOffset.UnixEpoch);
        var written = await RotationStore.WriteAsync(store, keys, prepare, initial.ResourceVersion, ct);
        Assert.NotNull(written);
        Assert.True(written.ResourceVersion > 0);

        // A second client that read before the first one wrote loses.
        Assert.Null(await RotationStore.WriteAsync(store, keys, prepare with { NewKey = "key-other" }, initial.ResourceVersion, ct));
        var read = await RotationStore.ReadAsync(store, keys, ct);
        Assert.Equal(written.ResourceVersion, read.ResourceVersion);
        Assert.Equal("key-20261129150000", read.Record.NewKey);
        Assert.Equal(["key1"], read.Record.OldKeys);

        var rotate = await RotationStore.WriteAsync(store, keys, read.Record with { Stage = RotationStage.Rotate }, read.ResourceVersion, ct);
        Assert.NotNull(rotate);
        Assert.Null(await RotationStore.WriteAsync(store, keys, read.Record with { Stage = RotationStage.Start }, read.ResourceVersion, ct));
        Assert.Throws<ArgumentException>(() =>
            RotationStore.WriteAsync(store, keys, read.Record with { Stage = "done" }, rotate.ResourceVersion, ct).GetAwaiter().GetResult());

        var heartbeat = new ServerHeartbeat(store, keys, () => "sha256:x", "host-a", TimeProvider.System, NullLogger.Instance);
        await heartbeat.PublishAsync(ct);
        Assert.Equal(RotationStage.Rotate, Assert.Single(await ServerRecords.ReadAsync(store, keys, ct)).Stage);

        await using var configuration = EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(MixedStore.Current), "/etc/atrest/config.yaml");
        var status = await new EncryptionStatusReader(store, keys, TimeProvider.System).ReadAsync(configuration, ct);
        Assert.Equal(RotationStage.Rotate, status.Stage);
        Assert.Equal("key-20261129150000", status.Rotation.NewKey);
        Assert.Equal("/etc/atrest/config.yaml", status.ConfigPath);
        Assert.Equal(System.Net.Dns.GetHostName(), status.HostName);
    }

    [Fact]
    public async Task Something_else_at_the_key_is_reported_not_taken_for_a_stage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await store.CreateAsync(RotationStore.Key(StorageKeys.Default), "{\"stage\":\"sideways\"}"u8.ToArray(), ct);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => RotationStore.ReadAsync(store, StorageKeys.Default, ct));
        Assert.Equal("/registry/atrest.io/rotation does not hold a rotation record this version understands", error.Message);
    }
}
