using System.Text;
using AtRest.ApiServer.Resources;
using AtRest.Encryption;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Import;

/// <summary>
/// Writes objects into a store exactly as the server stores them: at the key <see cref="StorageKeys"/> gives, as
/// Kubernetes protobuf without resourceVersion or selfLink, through the providers of the object's resource with the
/// key as authenticated data. The whole dump is checked before the store is touched, and existing keys are refused
/// unless overwriting, before anything is written.
/// </summary>
internal sealed class StoreImporter(StorageKeys keys, IResourceTransformers transformers, TimeProvider time)
{
    /// <summary>How many existing keys a refusal names.</summary>
    private const int NamedConflicts = 5;

    /// <summary>Replace objects whose key exists instead of refusing the import.</summary>
    public bool Overwrite { get; init; }

    /// <summary>The key, resource and stored plaintext of every object, in dump order.</summary>
    /// <exception cref="FormatException">An object cannot be stored (unknown kind, bad name, duplicate); the message names it.</exception>
    public IReadOnlyList<(string Key, GroupResource Resource, byte[] Plain)> Prepare(IReadOnlyList<KubernetesResource> objects)
    {
        var entries = new List<(string Key, GroupResource Resource, byte[] Plain)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            var (key, resource) = KeyOf(obj);
            if (!seen.Add(key))
            {
                throw new FormatException($"the dump holds {key} twice");
            }

            entries.Add((key, resource, Encode(obj)));
        }

        return entries;
    }

    /// <returns>How many objects were created and how many replaced.</returns>
    /// <exception cref="ImportConflictException">Keys exist and <see cref="Overwrite"/> is off; nothing was written.</exception>
    public async Task<(int Created, int Replaced)> ImportAsync(
        IKeyValueStore store, IReadOnlyList<(string Key, GroupResource Resource, byte[] Plain)> entries, CancellationToken cancellationToken)
    {
        var existing = new List<string>();
        foreach (var (key, _, _) in entries)
        {
            if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                existing.Add(key);
            }
        }

        if (existing.Count > 0 && !Overwrite)
        {
            throw new ImportConflictException(
                $"{existing.Count} object(s) of the dump already exist in the store ({string.Join(", ", existing.Take(NamedConflicts))}{(existing.Count > NamedConflicts ? ", ..." : "")}); nothing was imported: pass --overwrite to replace them");
        }

        int created = 0, replaced = 0;
        foreach (var (key, resource, plain) in entries)
        {
            var stored = await transformers.For(resource).TransformToStorageAsync(plain, Encoding.UTF8.GetBytes(key), cancellationToken).ConfigureAwait(false);
            var result = await store.CreateAsync(key, stored, cancellationToken).ConfigureAwait(false);
            while (!result.Succeeded)
            {
                if (!Overwrite)
                {
                    throw new ImportConflictException($"{key} was created by someone else during the import; {created} object(s) were imported before it");
                }

                // Compare-and-swap on the revision just read; a concurrent writer makes it read and try again.
                result = result.KeyValue is { } current
                    ? await store.UpdateAsync(key, stored, current.ModRevision, cancellationToken).ConfigureAwait(false)
                    : await store.CreateAsync(key, stored, cancellationToken).ConfigureAwait(false);
            }

            if (result.KeyValue!.CreateRevision == result.KeyValue.ModRevision)
            {
                created++;
            }
            else
            {
                replaced++;
            }
        }

        return (created, replaced);
    }

    private (string Key, GroupResource Resource) KeyOf(KubernetesResource obj)
    {
        var definition = CoreResources.All.FirstOrDefault(d => d.Kind == obj.Kind)
            ?? throw new FormatException($"kind \"{obj.Kind}\" of {obj.Metadata.Name} cannot be imported; AtRest stores {string.Join(", ", CoreResources.All.Select(d => d.Kind))}");
        if (definition.Namespaced && obj.Metadata.Namespace.Length == 0)
        {
            throw new FormatException($"{definition.Kind} \"{obj.Metadata.Name}\" has no metadata.namespace");
        }

        try
        {
            return (keys.Key(definition.Resource, definition.Namespaced ? obj.Metadata.Namespace : null, obj.Metadata.Name), new GroupResource("", definition.Resource));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{definition.Kind} \"{obj.Metadata.Name}\" cannot be stored: {e.Message}", e);
        }
    }

    // The stored form the server writes: no resourceVersion (the key's mod revision is the version), no selfLink; uid and
    // creationTimestamp are kept, and filled in as the server would when the dump has none.
    private byte[] Encode(KubernetesResource obj)
    {
        var meta = obj.Metadata;
        meta.ResourceVersion = "";
        meta.SelfLink = "";
        if (meta.Uid.Length == 0)
        {
            meta.Uid = Guid.NewGuid().ToString();
        }

        if (meta.CreationTimestamp is null)
        {
            meta.CreationTimestamp = KubernetesTime.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds()));
        }

        // The server folds stringData into data on write; so does the import.
        (obj as Secret)?.FoldStringData();

        return KubernetesObjectCodec.EncodeProtobuf(obj);
    }
}
