namespace AtRest.Encryption;

/// <summary>
/// An <see cref="IResourceTransformers"/> whose whole configuration is replaced in one atomic step, for
/// <c>--encryption-provider-config-automatic-reload</c>. Lock-free: each <see cref="For"/> reads the current
/// configuration once, so an operation sees either the old or the new configuration, never a mix.
/// </summary>
public sealed class ReloadableResourceTransformers : IResourceTransformers
{
    private IResourceTransformers _current;

    /// <summary>Starts with <paramref name="initial"/>.</summary>
    public ReloadableResourceTransformers(IResourceTransformers initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The configuration in effect now.</summary>
    public IResourceTransformers Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="next"/> current and returns the one it replaced.</summary>
    public IResourceTransformers Swap(IResourceTransformers next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }

    /// <inheritdoc />
    public IValueTransformer For(GroupResource resource) => Current.For(resource);

    /// <inheritdoc />
    public override string ToString() => $"reloadable({Current})";
}
