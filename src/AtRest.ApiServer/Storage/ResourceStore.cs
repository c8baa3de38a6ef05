using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Serialization;
using AtRest.ApiServer.Validation;
using AtRest.Encryption;
using AtRest.Kubernetes.Model;
using AtRest.Storage;

namespace AtRest.ApiServer.Storage;

/// <summary>
/// The data path of one resource, as kube-apiserver's etcd3 store: object → Kubernetes protobuf → transformer chain
/// (with the full storage key as authenticated data) → key-value store, and back. <c>metadata.resourceVersion</c> is
/// never stored; it is the key's mod revision.
/// </summary>
internal sealed class ResourceStore
{
    private readonly IKeyValueStore store;
    private readonly IResourceTransformers transformers;
    private readonly StorageKeys keys;
    private readonly GroupResource groupResource;

    // kube-apiserver's etcd3 store reports at most this many unreadable values in one LIST error.
    private const int MaxCorruptInList = 100;

    /// <summary>Creates the store for <paramref name="strategy"/>'s resource.</summary>
    public ResourceStore(ResourceStrategy strategy, IKeyValueStore store, IResourceTransformers transformers, StorageKeys keys, TimeProvider? time = null)
    {
        Strategy = strategy;
        Time = time ?? TimeProvider.System;
        this.store = store;
        this.transformers = transformers;
        this.keys = keys;
        groupResource = new GroupResource(strategy.Definition.StorageGroup ?? strategy.Definition.Group, strategy.Definition.Resource);
    }

    /// <summary>The kind's rules.</summary>
    public ResourceStrategy Strategy { get; }

    /// <summary>The clock reads wait on (for a resourceVersion the store has not reached).</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// Told about each value no provider could decrypt, with the object it holds, its key and the reason (never the
    /// value); the server records a Warning event from it.
    /// </summary>
    public Action<ObjectReference, string, string>? Undecryptable { get; set; }

    /// <summary>The time to live of every write (events: <c>--event-ttl</c>); null for objects that stay.</summary>
    public TimeSpan? Ttl { get; init; }

    // As kube's errors name it: secrets, widgets.example.com.
    private string Resource => Strategy.Definition.Group.Length == 0 ? Strategy.Definition.Resource : $"{Strategy.Definition.Resource}.{Strategy.Definition.Group}";

    /// <summary>The storage key of an object; null when the namespace or name cannot name a stored object.</summary>
    public string? KeyOrNull(string? @namespace, string name)
    {
        try
        {
            return keys.Key(Strategy.Definition.StorageSegment, Strategy.Definition.Namespaced ? @namespace : null, name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Stores a new, validated object; 409 AlreadyExists when the key exists.</summary>
    public async Task<KubernetesResource> CreateAsync(KubernetesResource obj, CancellationToken cancellationToken)
    {
        var key = KeyOrNull(obj.Metadata.Namespace, obj.Metadata.Name)
            ?? throw ApiErrors.BadRequest($"invalid object key for {Resource} {ApiErrors.Quote(obj.Metadata.Name)}");
        var plaintext = Encode(obj);
        var stored = await ToStorageAsync(plaintext, key, cancellationToken).ConfigureAwait(false);
        var result = Ttl is { } ttl
            ? await store.CreateAsync(key, stored, ttl, cancellationToken).ConfigureAwait(false)
            : await store.CreateAsync(key, stored, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw ApiErrors.AlreadyExists(Resource, obj.Metadata.Name);
        }

        obj.Metadata.ResourceVersion = Revision(result.KeyValue!.ModRevision);
        return obj;
    }

    /// <summary>The object, or 404 NotFound.</summary>
    public async Task<KubernetesResource> GetAsync(string? @namespace, string name, CancellationToken cancellationToken) =>
        (await ReadAsync(@namespace, name, cancellationToken).ConfigureAwait(false))?.Object
        ?? throw ApiErrors.NotFound(Resource, name);

    /// <summary>The object with its stored form, or null when absent. A value that fails to decrypt or decode is a 500.</summary>
    public async Task<StoredObject?> ReadAsync(string? @namespace, string name, CancellationToken cancellationToken)
    {
        var key = KeyOrNull(@namespace, name);
        if (key is null)
        {
            return null;
        }

        var kv = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return kv is null ? null : await DecodeAsync(kv, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// kube-apiserver's GuaranteedUpdate: read, apply <paramref name="update"/> to a fresh copy, encode; write only when
    /// the encoding differs from the stored plaintext or the stored form is stale (which is what re-encrypts objects on an
    /// unchanged <c>replace</c>). A lost compare-and-swap race re-reads and re-applies.
    /// </summary>
    /// <param name="namespace">The namespace, or null for cluster-scoped kinds.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="update">Returns the new object from the current one; throws an <see cref="ApiException"/> to refuse.</param>
    /// <param name="dryRun">Run the update and the checks but write nothing.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored object, and whether a write happened.</returns>
    public async Task<(KubernetesResource Object, bool Written)> GuaranteedUpdateAsync(
        string? @namespace, string name, Func<KubernetesResource, KubernetesResource> update, bool dryRun, CancellationToken cancellationToken)
    {
        var key = KeyOrNull(@namespace, name) ?? throw ApiErrors.NotFound(Resource, name);
        var kv = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (kv is null)
            {
                throw ApiErrors.NotFound(Resource, name);
            }

            var current = await DecodeAsync(kv, cancellationToken).ConfigureAwait(false);
            var updated = update(current.Object);
            var plaintext = Encode(updated);
            if (dryRun || (!current.Stale && plaintext.AsSpan().SequenceEqual(current.Plaintext)))
            {
                updated.Metadata.ResourceVersion = Revision(current.ModRevision);
                return (updated, false);
            }

            var stored = await ToStorageAsync(plaintext, key, cancellationToken).ConfigureAwait(false);
            var result = Ttl is { } ttl
                ? await store.UpdateAsync(key, stored, current.ModRevision, ttl, cancellationToken).ConfigureAwait(false)
                : await store.UpdateAsync(key, stored, current.ModRevision, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                updated.Metadata.ResourceVersion = Revision(result.KeyValue!.ModRevision);
                return (updated, true);
            }

            kv = result.KeyValue;
        }
    }

    /// <summary>
    /// Deletes the object after <paramref name="precondition"/> accepts the current state (it throws to refuse);
    /// returns the deleted object. A lost race re-reads and re-checks.
    /// </summary>
    public async Task<KubernetesResource> DeleteAsync(
        string? @namespace, string name, Action<KubernetesResource>? precondition, CancellationToken cancellationToken)
    {
        var key = KeyOrNull(@namespace, name) ?? throw ApiErrors.NotFound(Resource, name);
        var kv = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (kv is null)
            {
                throw ApiErrors.NotFound(Resource, name);
            }

            var current = await DecodeAsync(kv, cancellationToken).ConfigureAwait(false);
            precondition?.Invoke(current.Object);
            var result = await store.DeleteAsync(key, current.ModRevision, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return current.Object;
            }

            kv = result.KeyValue;
        }
    }

    /// <summary>
    /// kube-apiserver's corrupt-object deleter (<c>ignoreStoreReadErrorWithClusterBreakingPotential</c>): removes the
    /// raw key, skipping preconditions, without needing its value to decrypt or decode. Only a value that no provider
    /// can read or decode may be removed this way (reading it is tried first, as upstream does); a readable value or a
    /// missing key is 422.
    /// </summary>
    public async Task DeleteCorruptAsync(string? @namespace, string name, CancellationToken cancellationToken)
    {
        var key = KeyOrNull(@namespace, name);
        while (true)
        {
            var kv = key is null ? null : await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (kv is null || await IsReadableAsync(kv, cancellationToken).ConfigureAwait(false))
            {
                throw ApiErrors.Invalid(Resource, name, [FieldError.Invalid("ignoreStoreReadErrorWithClusterBreakingPotential", true,
                    "is exclusively used to delete corrupt object(s), try again by removing this option")]);
            }

            var result = await store.DeleteAsync(key!, kv.ModRevision, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The namespace controller's content deletion: removes up to <paramref name="limit"/> keys under
    /// <c>&lt;prefix&gt;/&lt;resource&gt;/&lt;namespace&gt;/</c> by key, never reading their values, so values no
    /// provider can decrypt go too. Returns how many keys it removed; 0 when none are left.
    /// </summary>
    public async Task<int> DeleteKeysInNamespaceAsync(string @namespace, int limit, CancellationToken cancellationToken)
    {
        var prefix = ListPrefix(@namespace);
        if (prefix is null || !Strategy.Definition.Namespaced)
        {
            return 0;
        }

        var page = await store.RangeAsync(new RangeRequest(prefix, null, limit, 0, KeysOnly: true), cancellationToken).ConfigureAwait(false);
        foreach (var kv in page.Items)
        {
            // Unconditional: whatever the value became since the range, the namespace is going.
            await store.DeleteAsync(kv.Key, 0, cancellationToken).ConfigureAwait(false);
        }

        return page.Items.Count;
    }

    /// <summary>How many keys of this resource exist in <paramref name="namespace"/>, readable or not.</summary>
    public async Task<long> CountInNamespaceAsync(string @namespace, CancellationToken cancellationToken)
    {
        var prefix = ListPrefix(@namespace);
        return prefix is null || !Strategy.Definition.Namespaced ? 0 : await store.CountAsync(prefix, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> IsReadableAsync(KeyValue kv, CancellationToken cancellationToken)
    {
        try
        {
            // The caller is removing the value because it is unreadable: that needs no event.
            await DecodeAsync(kv, cancellationToken, reportUndecryptable: false).ConfigureAwait(false);
            return true;
        }
        catch (ApiException e) when (e.CorruptKey is not null)
        {
            return false;
        }
    }

    /// <summary>The store's current revision.</summary>
    public Task<long> CurrentRevisionAsync(CancellationToken cancellationToken) => store.CurrentRevisionAsync(cancellationToken);

    /// <summary>
    /// One page of the objects in <paramref name="namespace"/> (all namespaces when null) that match
    /// <paramref name="options"/>. Pages are read at the first page's revision; a compacted one is 410 Expired.
    /// A revision the store has not reached is waited for, then 504. Values no provider can read do not stop the
    /// read: the list fails at the end with a StorageReadError naming each of their keys (kube 1.32's etcd3 store).
    /// </summary>
    public async Task<ListPage> ListAsync(string? @namespace, ListOptions options, CancellationToken cancellationToken)
    {
        var wanted = Math.Max(options.MinimumRevision, options.ExactRevision);
        if (wanted > 0)
        {
            await ResourceVersions.WaitForAsync(this, wanted, Time, cancellationToken).ConfigureAwait(false);
        }

        var prefix = ListPrefix(@namespace);
        if (prefix is null)
        {
            return new ListPage([], await store.CurrentRevisionAsync(cancellationToken).ConfigureAwait(false), null);
        }

        var token = options.Continue is null ? null : ContinueToken.Decode(options.Continue);
        var start = token is null ? null : prefix + token.Start;
        // A token from an expired-continue 410 (revision -1) reads the rest at the current revision.
        var revision = token is null ? options.ExactRevision : Math.Max(token.Revision, 0);
        var items = new List<KubernetesResource>();
        var corrupt = new List<ApiException>();
        var pageSize = options.Limit > 0 ? Math.Max(options.Limit, 1) : 0;
        while (true)
        {
            RangeResult page;
            try
            {
                page = await store.RangeAsync(new RangeRequest(prefix, start, pageSize, revision), cancellationToken).ConfigureAwait(false);
            }
            catch (CompactedException) when (token is null && revision > 0)
            {
                throw ApiErrors.Expired("The resourceVersion for the provided list is too old.");
            }
            catch (CompactedException) when (token is not null)
            {
                // etcd3 store handleCompactedErrorForPaging: offer a token for the rest at the current revision.
                throw ApiErrors.Expired(
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
                    new ContinueToken(ContinueToken.Latest, start![prefix.Length..]).Encode());
            }

            revision = page.Revision;
            for (var i = 0; i < page.Items.Count; i++)
            {
                var kv = page.Items[i];
                KubernetesResource obj;
                try
                {
                    obj = (await DecodeAsync(kv, cancellationToken).ConfigureAwait(false)).Object;
                }
                catch (ApiException e) when (e.CorruptKey is not null)
                {
                    if (corrupt.Count == MaxCorruptInList)
                    {
                        throw ApiErrors.StoreReadError(Resource, corrupt, truncated: true);
                    }

                    corrupt.Add(e);
                    continue;
                }

                if (!Matches(obj, options))
                {
                    continue;
                }

                items.Add(obj);
                if (options.Limit > 0 && items.Count == options.Limit)
                {
                    ThrowIfCorrupt(corrupt);
                    var more = i < page.Items.Count - 1 || page.More;
                    if (!more)
                    {
                        return new ListPage(items, revision, null);
                    }

                    var next = new ContinueToken(revision, kv.Key[prefix.Length..] + "\0").Encode();
                    var remaining = options.Labels.IsEverything && options.Fields.IsEverything
                        ? await CountAfterAsync(prefix, kv.Key, revision, cancellationToken).ConfigureAwait(false)
                        : (long?)null;
                    return new ListPage(items, revision, next, remaining);
                }
            }

            if (!page.More || page.Items.Count == 0)
            {
                ThrowIfCorrupt(corrupt);
                return new ListPage(items, revision, null);
            }

            start = page.Items[^1].Key + "\0";
        }
    }

    // remainingItemCount: the keys after the page at the page's revision, readable or not, as etcd's range count that
    // kube-apiserver subtracts the limit from. Keys only: the values are neither fetched nor decrypted.
    private async Task<long> CountAfterAsync(string prefix, string lastKey, long revision, CancellationToken cancellationToken)
    {
        var rest = await store.RangeAsync(new RangeRequest(prefix, lastKey + "\0", 0, revision, KeysOnly: true), cancellationToken)
            .ConfigureAwait(false);
        return rest.Items.Count;
    }

    private void ThrowIfCorrupt(List<ApiException> corrupt)
    {
        if (corrupt.Count > 0)
        {
            throw ApiErrors.StoreReadError(Resource, corrupt, truncated: false);
        }
    }

    /// <summary>Whether <paramref name="obj"/> passes the label and field selectors.</summary>
    public bool Matches(KubernetesResource obj, ListOptions options) =>
        (options.Labels.IsEverything || options.Labels.Matches(obj.Metadata.Labels))
        && (options.Fields.IsEverything || options.Fields.Matches(f => Strategy.SelectableField(obj, f)));

    /// <summary>
    /// Changes under <paramref name="namespace"/> after <paramref name="afterRevision"/>, decoded. Deleted objects carry
    /// their last state with the deletion's revision. Throws <see cref="CompactedException"/> when that history is gone.
    /// </summary>
    public async IAsyncEnumerable<ObjectChange> WatchAsync(
        string? @namespace, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = ListPrefix(@namespace);
        if (prefix is null)
        {
            yield break;
        }

        await foreach (var e in store.WatchAsync(prefix, afterRevision, cancellationToken).ConfigureAwait(false))
        {
            var previous = e.PreviousKeyValue is null
                ? null
                : (await DecodeAsync(e.PreviousKeyValue, cancellationToken).ConfigureAwait(false)).Object;
            if (e.Type == WatchEventType.Delete)
            {
                if (previous is not null)
                {
                    previous.Metadata.ResourceVersion = Revision(e.Revision);
                    yield return new ObjectChange(ObjectChangeType.Deleted, previous, null, e.Revision);
                }

                continue;
            }

            var current = (await DecodeAsync(e.KeyValue, cancellationToken).ConfigureAwait(false)).Object;
            yield return new ObjectChange(previous is null ? ObjectChangeType.Added : ObjectChangeType.Modified, current, previous, e.Revision);
        }
    }

    private string? ListPrefix(string? @namespace)
    {
        try
        {
            return Strategy.Definition.Namespaced && !string.IsNullOrEmpty(@namespace)
                ? keys.NamespacePrefix(Strategy.Definition.StorageSegment, @namespace)
                : keys.ResourcePrefix(Strategy.Definition.StorageSegment);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // The stored plaintext never carries resourceVersion (etcd's mod revision is the version) nor selfLink.
    private static byte[] Encode(KubernetesResource obj)
    {
        var version = obj.Metadata.ResourceVersion;
        obj.Metadata.ResourceVersion = "";
        obj.Metadata.SelfLink = "";
        try
        {
            return ObjectCodec.ToProtobuf(obj);
        }
        finally
        {
            obj.Metadata.ResourceVersion = version;
        }
    }

    private ValueTask<byte[]> ToStorageAsync(byte[] plaintext, string key, CancellationToken cancellationToken) =>
        transformers.For(groupResource).TransformToStorageAsync(plaintext, Encoding.UTF8.GetBytes(key), cancellationToken);

    // A value that no provider can transform, or that does not decode, is a corrupt object: the error names the key
    // and the reason (never the value) and carries the key, so that LIST can report it and DELETE can remove it.
    private async Task<StoredObject> DecodeAsync(KeyValue kv, CancellationToken cancellationToken, bool reportUndecryptable = true)
    {
        TransformFromStorageResult plain;
        try
        {
            plain = await transformers.For(groupResource)
                .TransformFromStorageAsync(kv.Value, Encoding.UTF8.GetBytes(kv.Key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ApiException)
        {
            if (reportUndecryptable)
            {
                ReportUndecryptable(kv.Key, e.Message);
            }

            throw ApiErrors.CorruptObject(kv.Key, decodable: false, kv.ModRevision, e.Message);
        }

        var bytes = plain.Data.ToArray();
        KubernetesResource obj;
        try
        {
            obj = ObjectCodec.ResourceFromStorage(bytes, Strategy.Definition);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw ApiErrors.CorruptObject(kv.Key, decodable: true, kv.ModRevision, e.Message);
        }

        obj.Metadata.ResourceVersion = Revision(kv.ModRevision);
        return new StoredObject(obj, bytes, kv.ModRevision, plain.Stale);
    }

    private void ReportUndecryptable(string key, string why)
    {
        if (Undecryptable is { } report && keys.TryParse(key, out var parsed))
        {
            report(new ObjectReference
            {
                Kind = Strategy.Definition.Kind,
                ApiVersion = Strategy.Definition.GroupVersion,
                Namespace = parsed.Namespace ?? "",
                Name = parsed.Name,
            }, key, why);
        }
    }

    /// <summary>A revision as a resourceVersion string.</summary>
    public static string Revision(long revision) => revision.ToString(CultureInfo.InvariantCulture);
}
