using System.Text;
using AtRest.Encryption.Configuration;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>A configuration replaced by a reload is disposed after its grace period, once no operation still uses it.</summary>
public sealed class ConfigurationDisposalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replaced_configuration_is_disposed_only_after_its_last_operation()
    {
        var old = new TrackedTransformers();
        var reloadable = new ReloadableResourceTransformers(old);
        var inFlight = reloadable.For(KmsConfigs.Secrets).TransformFromStorageAsync("x"u8.ToArray(), "/k"u8.ToArray(), Ct).AsTask();
        await old.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        var disposed = reloadable.Replace(new TrackedTransformers(), TimeSpan.Zero);
        await Task.Delay(200, Ct);
        Assert.False(old.Disposed, "disposed while an operation was still using it");
        Assert.False(disposed.IsCompleted);

        old.Release.SetResult();
        await inFlight.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await disposed.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(old.Disposed);
    }

    [Fact]
    public async Task A_transformer_handed_out_before_the_swap_runs_on_the_new_configuration_after_disposal()
    {
        var a = Load("aesgcm");
        var b = Load("secretbox");
        var reloadable = new ReloadableResourceTransformers(a);
        var early = reloadable.For(KmsConfigs.Secrets);
        await reloadable.Replace(b, TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        var stored = await early.TransformToStorageAsync("v"u8.ToArray(), "/k"u8.ToArray(), Ct);
        Assert.StartsWith("k8s:enc:secretbox:v1:", Encoding.ASCII.GetString(stored), StringComparison.Ordinal);
        await b.DisposeAsync();
    }

    private static LoadedEncryptionConfiguration Load(string provider) =>
        EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes($$"""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - {{provider}}: {keys: [{name: k, secret: MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=}]}
            """), "disposal.yaml");

    private sealed class TrackedTransformers : IResourceTransformers, IAsyncDisposable
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed { get; private set; }

        public IValueTransformer For(GroupResource resource) => new Blocking(this);

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }

        private sealed class Blocking(TrackedTransformers owner) : IValueTransformer
        {
            public async ValueTask<TransformFromStorageResult> TransformFromStorageAsync(
                ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
            {
                owner.Entered.TrySetResult();
                await owner.Release.Task.WaitAsync(cancellationToken);
                return new TransformFromStorageResult(data, false);
            }

            public ValueTask<byte[]> TransformToStorageAsync(
                ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(data.ToArray());

            public ValueTask<TransformToStorageResult> TransformToStorageWithSourceAsync(
                ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(new TransformToStorageResult(data.ToArray(), string.Empty, null));
        }
    }
}
