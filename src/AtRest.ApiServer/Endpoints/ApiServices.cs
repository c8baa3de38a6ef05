using System.Net;
using AtRest.ApiServer.Events;
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
        // Two group versions may store one resource (core and events.k8s.io events): one segment each.
        var keys = new StorageKeys(options.EtcdPrefix, Kinds.Stored.DistinctBy(k => k.StorageSegment).ToDictionary(k => k.StorageSegment, k => k.Namespaced, StringComparer.Ordinal));
        Stores = Kinds.Stored.Select(kind => new ResourceStore(kind.Strategy!(), options.Store, options.Transformers, keys)
        {
            Ttl = kind.ExpiresAfterEventTtl ? options.EventTtl : null,
        }).ToList();
        Namespaces = Store(NamespaceKind.Registration);
        Events = new EventRecorder(Store(EventKind.Registration), TimeProvider.System, "apiserver", Dns.GetHostName());
        EncryptionEvents = new EncryptionEvents(Events, TimeProvider.System);
        foreach (var store in Stores.Where(s => !s.Strategy.Definition.ExpiresAfterEventTtl))
        {
            // An unreadable event is not reported by another event: that could only repeat itself.
            store.Undecryptable = EncryptionEvents.DecryptionFailed;
        }

        NamespacedStores = Stores.Where(s => s.Strategy.Definition.Namespaced).DistinctBy(s => s.Strategy.Definition.StorageSegment).ToList();
        Lifecycle = new NamespaceLifecycle(Namespaces, NamespacedStores);
    }

    /// <summary>The server's own events.</summary>
    public EventRecorder Events { get; }

    /// <summary>The events about encryption at rest (reloads, rejections, objects that fail to decrypt).</summary>
    public EncryptionEvents EncryptionEvents { get; }

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

    /// <summary>The stores of namespaced resources (emptied when their namespace is deleted), one per storage segment.</summary>
    public IReadOnlyList<ResourceStore> NamespacedStores { get; }

    /// <summary>Namespace existence checks and namespace deletion.</summary>
    public NamespaceLifecycle Lifecycle { get; }

    /// <summary>The store of <paramref name="kind"/>.</summary>
    /// <exception cref="InvalidOperationException">The kind is not served here.</exception>
    public ResourceStore Store(KindRegistration kind) =>
        Stores.FirstOrDefault(s => s.Strategy.Definition == kind)
        ?? throw new InvalidOperationException($"{kind.Kind} of {kind.GroupVersion} is not a stored kind of this server");
}
