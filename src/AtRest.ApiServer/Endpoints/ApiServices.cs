using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Storage;
using AtRest.Storage;

namespace AtRest.ApiServer.Endpoints;

/// <summary>The per-resource stores the handlers use, built once from <see cref="KubernetesApiOptions"/>.</summary>
internal sealed class ApiServices
{
    /// <summary>Creates the stores over the configured key-value store and transformers.</summary>
    public ApiServices(KubernetesApiOptions options)
    {
        var keys = new StorageKeys(options.EtcdPrefix);
        Secrets = new ResourceStore(new SecretStrategy(), options.Store, options.Transformers, keys);
        ConfigMaps = new ResourceStore(new ConfigMapStrategy(), options.Store, options.Transformers, keys);
        Namespaces = new ResourceStore(new NamespaceStrategy(), options.Store, options.Transformers, keys);
        NamespacedStores = [Secrets, ConfigMaps];
        Lifecycle = new NamespaceLifecycle(Namespaces, NamespacedStores);
    }

    /// <summary>Secrets.</summary>
    public ResourceStore Secrets { get; }

    /// <summary>ConfigMaps.</summary>
    public ResourceStore ConfigMaps { get; }

    /// <summary>Namespaces.</summary>
    public ResourceStore Namespaces { get; }

    /// <summary>The stores of namespaced resources (emptied when their namespace is deleted).</summary>
    public IReadOnlyList<ResourceStore> NamespacedStores { get; }

    /// <summary>Namespace existence checks and namespace deletion.</summary>
    public NamespaceLifecycle Lifecycle { get; }
}
