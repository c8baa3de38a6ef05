using System.Text;
using System.Text.Json;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Etcdctl;

/// <summary>
/// Reads keys and prints them as etcdctl 3.4 does. Simple format, per entry:
/// <code>
/// &lt;key&gt;\n
/// &lt;value bytes, unchanged&gt;\n      (empty with --keys-only; the key line is left out with --print-value-only)
/// </code>
/// JSON: <c>{"header":{"revision":N},"kvs":[{"key":b64,"create_revision":N,"mod_revision":N,"value":b64}],"count":N}</c>,
/// zero fields left out as etcd's JSON leaves them out (the embedded store has no cluster id, member id, term or version).
/// </summary>
internal static class EtcdctlGet
{
    /// <summary>Reads and prints.</summary>
    public static async Task RunAsync(IKeyValueStore store, EtcdctlGetRequest request, Stream output, CancellationToken cancellationToken)
    {
        var (items, revision) = await ReadAsync(store, request, cancellationToken);
        var bytes = request.Json ? Json(items, revision, request.KeysOnly) : Simple(items, request);
        await output.WriteAsync(bytes, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static async Task<(IReadOnlyList<KeyValue> Items, long Revision)> ReadAsync(
        IKeyValueStore store, EtcdctlGetRequest request, CancellationToken cancellationToken)
    {
        if (request.Prefix)
        {
            var items = new List<KeyValue>();
            string? start = null;
            long revision = 0;
            while (true)
            {
                var page = await store.RangeAsync(new RangeRequest(request.Key, start, 500, revision, request.KeysOnly), cancellationToken);
                revision = page.Revision;
                items.AddRange(page.Items);
                if (!page.More || page.Items.Count == 0 || (request.Limit > 0 && items.Count >= request.Limit))
                {
                    break;
                }

                start = page.Items[^1].Key + "\0";
            }

            return (request.Limit > 0 ? items.Take((int)request.Limit).ToList() : items, revision);
        }

        var current = await store.CurrentRevisionAsync(cancellationToken);
        var single = await store.GetAsync(request.Key, cancellationToken);
        if (single is not null && request.KeysOnly)
        {
            single = single with { Value = [] };
        }

        return (single is null ? [] : [single], current);
    }

    private static byte[] Simple(IReadOnlyList<KeyValue> items, EtcdctlGetRequest request)
    {
        var output = new MemoryStream();
        foreach (var item in items)
        {
            if (!request.ValueOnly)
            {
                output.Write(Encoding.UTF8.GetBytes(item.Key));
                output.WriteByte((byte)'\n');
            }

            output.Write(item.Value);
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    private static byte[] Json(IReadOnlyList<KeyValue> items, long revision, bool keysOnly)
    {
        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartObject("header");
            json.WriteNumber("revision", revision);
            json.WriteEndObject();
            if (items.Count > 0)
            {
                json.WriteStartArray("kvs");
                foreach (var item in items)
                {
                    json.WriteStartObject();
                    json.WriteBase64String("key", Encoding.UTF8.GetBytes(item.Key));
                    json.WriteNumber("create_revision", item.CreateRevision);
                    json.WriteNumber("mod_revision", item.ModRevision);
                    if (!keysOnly && item.Value.Length > 0)
                    {
                        json.WriteBase64String("value", item.Value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteNumber("count", items.Count);
            }

            json.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        return output.ToArray();
    }
}
