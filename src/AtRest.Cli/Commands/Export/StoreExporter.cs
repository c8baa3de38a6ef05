using System.Text;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Resources;
using AtRest.Encryption;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Export;

/// <summary>
/// Reads every object of a store as kube-apiserver would: page by page at one revision, each value decrypted with the
/// providers of the resource its key names (the full key is the authenticated data) and decoded from Kubernetes
/// protobuf. Values that cannot be read are collected with the reason; the rest are still returned. Namespaces come
/// first, so that <c>kubectl apply -f</c> creates them before the objects in them; the namespaces every server
/// creates at start-up (default, kube-system, kube-public, kube-node-lease) are left out: every server creates its own, and applying one with another uid is refused
/// (<c>metadata.uid: field is immutable</c>).
/// </summary>
internal sealed class StoreExporter(IKeyValueStore store, StorageKeys keys, IResourceTransformers transformers)
{
    private const int PageSize = 500;

    /// <summary>The resources AtRest serves, and so can export.</summary>
    public static IReadOnlyList<string> Exportable { get; } = [.. CoreResources.All.Select(d => d.Resource)];

    /// <summary>Resources to export (plural names, among <see cref="Exportable"/>); empty for all of them.</summary>
    public IReadOnlySet<string> Resources { get; init; } = new HashSet<string>();

    /// <summary>Keys of other resources (a real cluster's pods, leases, …) passed over by the last read.</summary>
    public int Skipped { get; private set; }

    /// <summary>Only objects in this namespace (cluster-scoped objects are left out); null for all.</summary>
    public string? Namespace { get; init; }

    public async Task<(List<KubernetesResource> Objects, List<ExportFailure> Failures)> ReadAllAsync(CancellationToken cancellationToken)
    {
        var objects = new List<KubernetesResource>();
        var failures = new List<ExportFailure>();
        var prefix = keys.Prefix + "/";
        string? start = null;
        long revision = 0;
        while (true)
        {
            var page = await store.RangeAsync(new RangeRequest(prefix, start, PageSize, revision), cancellationToken).ConfigureAwait(false);
            revision = page.Revision;
            foreach (var kv in page.Items)
            {
                // Keys of resources AtRest does not serve, or that name no object, are not the export's business.
                if (!keys.TryParseAnyResource(kv.Key, out var key, out _) || !Exportable.Contains(key.Resource, StringComparer.Ordinal))
                {
                    Skipped++;
                    continue;
                }

                if ((Resources.Count > 0 && !Resources.Contains(key.Resource)) || (Namespace is not null && key.Namespace != Namespace)
                    || (key.Resource == CoreResources.Namespaces.Resource && BuiltInNamespaces.Created.Contains(key.Name, StringComparer.Ordinal))
                    || IsBootstrapDefault(key.Resource, key.Name))
                {
                    continue;
                }

                var (obj, reason) = await ReadAsync(kv, key, cancellationToken).ConfigureAwait(false);
                if (obj is null)
                {
                    failures.Add(new ExportFailure(kv.Key, reason!));
                }
                else
                {
                    objects.Add(obj);
                }
            }

            if (!page.More || page.Items.Count == 0)
            {
                return ([.. objects.Where(IsNamespace), .. objects.Where(o => !IsNamespace(o))], failures);
            }

            start = page.Items[^1].Key + "\0";
        }
    }

    // Every server writes kube's default cluster roles and bindings itself at start (own uids), as it creates the
    // built-in namespaces: an export that carried them would collide with the target's own.
    private static bool IsBootstrapDefault(string resource, string name) => resource switch
    {
        "clusterroles" => BootstrapDefaults.Roles.Contains(name),
        "clusterrolebindings" => BootstrapDefaults.Bindings.Contains(name),
        _ => false,
    };

    private static bool IsNamespace(KubernetesResource obj) => obj.Kind == CoreResources.Namespaces.Kind;

    private async Task<(KubernetesResource? Object, string? Reason)> ReadAsync(KeyValue kv, StorageKey key, CancellationToken cancellationToken)
    {
        byte[] plain;
        try
        {
            var read = await transformers.For(new GroupResource("", key.Resource))
                .TransformFromStorageAsync(kv.Value, Encoding.UTF8.GetBytes(kv.Key), cancellationToken).ConfigureAwait(false);
            plain = read.Data.ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No provider reads it (wrong or missing key, KMS plugin down, corrupt bytes): the reason, never the value.
            return (null, $"cannot decrypt: {e.Message}");
        }

        KubernetesObject decoded;
        try
        {
            decoded = KubernetesObjectCodec.DetectAndDecode(plain);
        }
        catch (FormatException e) when (e is KubernetesProtobufException or KubernetesJsonException)
        {
            return (null, $"cannot decode: {e.Message}");
        }

        var definition = CoreResources.All.FirstOrDefault(d => d.Kind == decoded.Kind);
        if (decoded is not KubernetesResource obj || definition is null || definition.Resource != key.Resource)
        {
            return (null, $"holds a {(decoded.Kind.Length == 0 ? "value without a kind" : decoded.Kind)}, not an object of {key.Resource} that AtRest can export");
        }

        // What `kubectl apply` must not see: a create with a resourceVersion is refused.
        obj.Metadata.ResourceVersion = "";
        obj.Metadata.SelfLink = "";
        obj.ApiVersion = definition.GroupVersion;
        obj.Kind = definition.Kind;
        return (obj, null);
    }
}
