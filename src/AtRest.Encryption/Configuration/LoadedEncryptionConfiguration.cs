using AtRest.Encryption.Kms;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Configuration;

/// <summary>
/// A loaded, validated and built <c>EncryptionConfiguration</c>: the transformer chain of every configured resource,
/// resolved per call as kube-apiserver does (exact resource, then <c>*.&lt;group&gt;</c>, then <c>*.*</c>, else identity).
/// </summary>
public sealed class LoadedEncryptionConfiguration : IResourceTransformers, IAsyncDisposable
{
    private readonly Dictionary<GroupResource, PrefixTransformerChain> _chains;
    private readonly IReadOnlyList<IKmsProviderHealth> _kmsProviders;
    private int _disposed;

    internal LoadedEncryptionConfiguration(
        string path, string contentHash, bool automaticReload, Dictionary<GroupResource, PrefixTransformerChain> chains, IReadOnlyList<string> warnings,
        IReadOnlyList<IKmsProviderHealth> kmsProviders)
    {
        _kmsProviders = kmsProviders;
        Path = path;
        ContentHash = contentHash;
        AutomaticReload = automaticReload;
        _chains = chains;
        Warnings = warnings;
    }

    /// <summary>The file path (or source name) the configuration came from.</summary>
    public string Path { get; }

    /// <summary><c>sha256:</c> and the lowercase hex SHA-256 of the raw file bytes (Kubernetes 1.34+ format).</summary>
    public string ContentHash { get; }

    /// <summary>Whether it was loaded for automatic reload (affects KMS name validation only).</summary>
    public bool AutomaticReload { get; }

    /// <summary>Non-fatal advice: identity as the first (writing) provider, aesgcm without automated rotation.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The resource rules in configuration order (<c>secrets</c>, <c>*.apps</c>, <c>*.*</c>…).</summary>
    public IReadOnlyCollection<GroupResource> ConfiguredResources => _chains.Keys;

    /// <inheritdoc />
    public IValueTransformer For(GroupResource resource) => (IValueTransformer?)Resolve(resource) ?? IdentityTransformer.Instance;

    /// <summary>
    /// The stored-value prefixes that <paramref name="resource"/> accepts, in the order they are tried; the first is
    /// the one written. Keyed providers list one entry per key (<c>k8s:enc:aescbc:v1:key1:</c>); identity is <c>identity</c>.
    /// A resource no rule covers gives <c>["identity"]</c>.
    /// </summary>
    public IReadOnlyList<string> Describe(GroupResource resource)
    {
        var chain = Resolve(resource);
        if (chain is null)
        {
            return ["identity"];
        }

        var result = new List<string>();
        foreach (var provider in chain.Elements)
        {
            if (provider.Transformer is PrefixTransformerChain keys)
            {
                result.AddRange(keys.Elements.Select(k => provider.PrefixText + k.PrefixText));
            }
            else
            {
                result.Add(provider.ToString());
            }
        }

        return result;
    }

    /// <summary>
    /// Reads a stored value as <see cref="For"/> would, and also says which prefix chain read it
    /// (<c>k8s:enc:aescbc:v1:key1:</c>, or <c>identity</c>) — for tooling that inventories or audits stored values.
    /// </summary>
    /// <exception cref="EncryptionTransformException">No provider could read the value; the message is upstream's.</exception>
    public async ValueTask<SourcedRead> TransformFromStorageWithSourceAsync(
        GroupResource resource, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData, CancellationToken cancellationToken = default)
    {
        var read = await For(resource).TransformFromStorageAsync(data, authenticatedData, cancellationToken).ConfigureAwait(false);
        return new SourcedRead(read.Data, read.Stale, read.Key is null ? read.Provider : read.Provider + read.Key);
    }

    /// <summary>As <see cref="TransformFromStorageWithSourceAsync"/>, for command-line tools that read one value and exit.</summary>
    /// <exception cref="EncryptionTransformException">No provider could read the value; the message is upstream's.</exception>
    public SourcedRead TransformFromStorageWithSource(GroupResource resource, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> authenticatedData) =>
        TransformFromStorageWithSourceAsync(resource, data, authenticatedData).AsTask().GetAwaiter().GetResult();

    /// <summary>The KMS providers of this configuration, in file order (for health checks and metrics).</summary>
    public IReadOnlyList<IKmsProviderHealth> KmsProviders => _kmsProviders;

    /// <summary>
    /// Stops the KMS pollers and closes their plugin connections, and frees the native cipher handles. Call once no
    /// request uses the configuration any more (<see cref="ReloadableResourceTransformers.Replace"/> does).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Providers are shared between the resources of one rule, so each is released once.
        var seen = new HashSet<StorageTransformer>(ReferenceEqualityComparer.Instance);
        foreach (var chain in _chains.Values)
        {
            await ReleaseAsync(chain, seen).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"EncryptionConfiguration({Path}, {ContentHash}, {_chains.Count} rules)";

    private static async ValueTask ReleaseAsync(StorageTransformer transformer, HashSet<StorageTransformer> seen)
    {
        if (!seen.Add(transformer))
        {
            return;
        }

        switch (transformer)
        {
            case PrefixTransformerChain chain:
                foreach (var element in chain.Elements)
                {
                    await ReleaseAsync(element.Transformer, seen).ConfigureAwait(false);
                }

                break;
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    internal PrefixTransformerChain? Resolve(GroupResource resource)
    {
        if (_chains.Count == 0)
        {
            return null;
        }

        if (_chains.TryGetValue(resource, out var chain)
            || _chains.TryGetValue(new GroupResource(resource.Group, "*"), out chain)
            || _chains.TryGetValue(GroupResourceNames.AnyGroupAnyResource, out chain))
        {
            return chain;
        }

        return null;
    }
}

