using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Storage;
using AtRest.Storage;

namespace AtRest.ApiServer.Endpoints;

/// <summary>The served kinds and a store per stored kind, built once from <see cref="KubernetesApiOptions"/>.</summary>
internal sealed class ApiServices
{
    /// <summary>Creates the stores over the configured key-value store and transformers.</summary>
    public ApiServices(KubernetesApiOptions options)
    {
        Kinds = options.Kinds;
        // The key layout knows kube's resources; a registered kind adds its own segment and scope.
        var keys = new StorageKeys(options.EtcdPrefix, Kinds.Stored.ToDictionary(k => k.StorageSegment, k => k.Namespaced, StringComparer.Ordinal));
        Stores = Kinds.Stored.Select(kind => new ResourceStore(kind.Strategy!(), options.Store, options.Transformers, keys)).ToList();
        Namespaces = Store(NamespaceKind.Registration);
        NamespacedStores = Stores.Where(s => s.Strategy.Definition.Namespaced).ToList();
        Lifecycle = new NamespaceLifecycle(Namespaces, NamespacedStores);
    }

    /// <summary>The served kinds.</summary>
    public KindRegistry Kinds { get; }

    /// <summary>A store per stored kind, in the registry's order.</summary>
    public IReadOnlyList<ResourceStore> Stores { get; }

    /// <summary>Secrets.</summary>
    public ResourceStore Secrets => Store(SecretKind.Registration);

    /// <summary>ConfigMaps.</summary>
    public ResourceStore ConfigMaps => Store(ConfigMapKind.Registration);

    /// <summary>Namespaces.</summary>
    public ResourceStore Namespaces { get; }

    /// <summary>The stores of namespaced resources (emptied when their namespace is deleted).</summary>
    public IReadOnlyList<ResourceStore> NamespacedStores { get; }

    /// <summary>Namespace existence checks and namespace deletion.</summary>
    public NamespaceLifecycle Lifecycle { get; }

    /// <summary>The store of <paramref name="kind"/>.</summary>
    /// <exception cref="InvalidOperationException">The kind is not served here.</exception>
    public ResourceStore Store(KindRegistration kind) =>
        Stores.FirstOrDefault(s => s.Strategy.Definition == kind)
        ?? throw new InvalidOperationException($"{kind.Kind} of {kind.GroupVersion} is not a stored kind of this server");
}
