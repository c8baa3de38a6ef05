using System.Text;
using System.Text.Json;
using AtRest.Storage;
using AtRest.Storage.Etcd;

namespace AtRest.Cli.Commands.Etcdctl;

/// <summary>
/// Reads keys and prints them as etcdctl 3.4 does. Simple format, per entry:
/// <code>
/// &lt;key&gt;\n
/// &lt;value bytes, unchanged&gt;\n      (empty with --keys-only; the key line is left out with --print-value-only)
/// </code>
/// JSON, etcd's RangeResponse as Go's encoding/json writes it (fields in this order, zero values left out):
/// <code>
/// {"header":{"cluster_id":N,"member_id":N,"revision":N,"raft_term":N},
///  "kvs":[{"key":b64,"create_revision":N,"mod_revision":N,"version":N,"value":b64}],"more":true,"count":N}
/// </code>
/// <c>count</c> is the number of keys in the range, <c>more</c> says that <c>--limit</c> left some out.
/// </summary>
internal static class EtcdctlGet
{
    /// <summary>Reads and prints; <paramref name="header"/> gives the JSON header for the revision read.</summary>
    public static async Task RunAsync(IKeyValueStore store, EtcdctlGetRequest request,
        Func<long, CancellationToken, Task<EtcdResponseHeader>> header, Stream output, CancellationToken cancellationToken)
    {
        var range = await ReadAsync(store, request, cancellationToken);
        var bytes = request.Json
            ? Json(range, await header(range.Revision, cancellationToken), request.KeysOnly)
            : Simple(range.Items, request);
        await output.WriteAsync(bytes, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static async Task<EtcdctlRange> ReadAsync(IKeyValueStore store, EtcdctlGetRequest request, CancellationToken cancellationToken)
    {
        if (request.Prefix)
        {
            var items = new List<KeyValue>();
            string? start = null;
            long revision = 0;
            var more = false;
            while (true)
            {
                var page = await store.RangeAsync(new RangeRequest(request.Key, start, 500, revision, request.KeysOnly), cancellationToken);
                revision = page.Revision;
                items.AddRange(page.Items);
                if (request.Limit > 0 && items.Count >= request.Limit)
                {
                    more = items.Count > request.Limit || page.More;
                    break;
                }

                if (!page.More || page.Items.Count == 0)
                {
                    break;
                }

                start = page.Items[^1].Key + "\0";
            }

            if (!more)
            {
                return new EtcdctlRange(items, revision, false, items.Count);
            }

            var count = await store.CountAsync(request.Key, cancellationToken);
            return new EtcdctlRange(items.Take((int)request.Limit).ToList(), revision, true, count);
        }

        var current = await store.CurrentRevisionAsync(cancellationToken);
        var single = await store.GetAsync(request.Key, cancellationToken);
        if (single is not null && request.KeysOnly)
        {
            single = single with { Value = [] };
        }

        return single is null ? new EtcdctlRange([], current, false, 0) : new EtcdctlRange([single], current, false, 1);
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

    private static byte[] Json(EtcdctlRange range, EtcdResponseHeader header, bool keysOnly)
    {
        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartObject("header");
            WriteNonZero(json, "cluster_id", header.ClusterId);
            WriteNonZero(json, "member_id", header.MemberId);
            WriteNonZero(json, "revision", (ulong)header.Revision);
            WriteNonZero(json, "raft_term", header.RaftTerm);
            json.WriteEndObject();
            if (range.Items.Count > 0)
            {
                json.WriteStartArray("kvs");
                foreach (var item in range.Items)
                {
                    json.WriteStartObject();
                    json.WriteBase64String("key", Encoding.UTF8.GetBytes(item.Key));
                    WriteNonZero(json, "create_revision", (ulong)item.CreateRevision);
                    WriteNonZero(json, "mod_revision", (ulong)item.ModRevision);
                    WriteNonZero(json, "version", (ulong)item.Version);
                    if (!keysOnly && item.Value.Length > 0)
                    {
                        json.WriteBase64String("value", item.Value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (range.More)
            {
                json.WriteBoolean("more", true);
            }

            WriteNonZero(json, "count", (ulong)range.Count);
            json.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        return output.ToArray();
    }

    // Go's encoding/json with omitempty, as etcd's generated structs carry it.
    private static void WriteNonZero(Utf8JsonWriter json, string name, ulong value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }
}
