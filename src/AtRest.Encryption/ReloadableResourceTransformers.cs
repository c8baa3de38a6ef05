namespace AtRest.Encryption;

/// <summary>
/// An <see cref="IResourceTransformers"/> whose whole configuration is replaced in one atomic step, for
/// <c>--encryption-provider-config-automatic-reload</c>. Each operation reads the current configuration once, so it
/// sees either the old or the new configuration, never a mix.
/// </summary>
/// <remarks>
/// A configuration replaced with <see cref="Replace"/> is disposed (KMS connections closed, native cipher handles
/// freed) after a grace period and once no operation uses it. Operations count themselves in and out of their
/// configuration with one interlocked step each — no lock, so concurrent LISTs do not serialise. An operation that
/// arrives after its configuration was disposed simply runs on the current one.
/// </remarks>
public sealed class ReloadableResourceTransformers : IResourceTransformers
{
    /// <summary>How long a replaced configuration stays usable before it is disposed (kube-apiserver uses 10 s for KMS).</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(10);

    private Generation _current;

    /// <summary>Starts with <paramref name="initial"/>.</summary>
    public ReloadableResourceTransformers(IResourceTransformers initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = new Generation(initial);
    }

    /// <summary>The configuration in effect now.</summary>
    public IResourceTransformers Current => Volatile.Read(ref _current).Transformers;

    /// <summary>Makes <paramref name="next"/> current and returns the one it replaced, which stays the caller's to dispose.</summary>
    public IResourceTransformers Swap(IResourceTransformers next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, new Generation(next)).Transformers;
    }

    /// <summary>
    /// Makes <paramref name="next"/> current and disposes the one it replaced after <paramref name="gracePeriod"/>, as soon
    /// as no operation is using it. The returned task completes when the old configuration has been disposed.
    /// </summary>
    public Task Replace(IResourceTransformers next, TimeSpan gracePeriod, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        var old = Interlocked.Exchange(ref _current, new Generation(next));
        return old.RetireAsync(gracePeriod, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public IValueTransformer For(GroupResource resource) => new LeasedTransformer(this, resource);

    /// <inheritdoc />
    public override string ToString() => $"reloadable({Current})";

    private sealed class Generation(IResourceTransformers transformers)
    {
        private const int Disposed = int.MinValue;
        private int _users;

        public IResourceTransformers Transformers { get; } = transformers;

        public bool TryEnter()
        {
            var users = Volatile.Read(ref _users);
            while (users >= 0)
            {
                var seen = Interlocked.CompareExchange(ref _users, users + 1, users);
                if (seen == users)
                {
                    return true;
                }

                users = seen;
            }

            return false;
        }

        public void Exit() => Interlocked.Decrement(ref _users);

        public async Task RetireAsync(TimeSpan gracePeriod, TimeProvider timeProvider)
        {
            await Task.Delay(gracePeriod, timeProvider).ConfigureAwait(false);
            // Operations still running finish first; they are short (one transform), so a short poll suffices.
            while (Interlocked.CompareExchange(ref _users, Disposed, 0) != 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider).ConfigureAwait(false);
            }

            switch (Transformers)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Resolves the resource's chain per operation, inside a lease on the configuration it uses.</summary>
    private sealed class LeasedTransformer(ReloadableResourceTransformers owner, GroupResource resource) : IValueTransformer
    {
        public async ValueTask<TransformFromStorageResult> TransformFromStorageAsync(
            ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
        {
            var generation = Enter();
            try
            {
                return await generation.Transformers.For(resource).TransformFromStorageAsync(data, authenticatedData, cancellationToken)
                    .ConfigureAwait(false);
            }
            finally
            {
                generation.Exit();
            }
        }

        public async ValueTask<byte[]> TransformToStorageAsync(
            ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default) =>
            (await TransformToStorageWithSourceAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false)).Data;

        public async ValueTask<TransformToStorageResult> TransformToStorageWithSourceAsync(
            ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
        {
            var generation = Enter();
            try
            {
                return await generation.Transformers.For(resource).TransformToStorageWithSourceAsync(data, authenticatedData, cancellationToken)
                    .ConfigureAwait(false);
            }
            finally
            {
                generation.Exit();
            }
        }

        private Generation Enter()
        {
            while (true)
            {
                var generation = Volatile.Read(ref owner._current);
                if (generation.TryEnter())
                {
                    return generation;
                }
            }
        }

        public override string ToString() => $"{owner}[{resource}]";
    }
}
