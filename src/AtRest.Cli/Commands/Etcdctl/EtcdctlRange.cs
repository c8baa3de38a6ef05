using AtRest.Storage;

namespace AtRest.Cli.Commands.Etcdctl;

/// <summary>What one <c>etcdctl get</c> read.</summary>
/// <param name="Items">The entries printed (at most --limit).</param>
/// <param name="Revision">The revision they were read at.</param>
/// <param name="More">Whether --limit left entries out.</param>
/// <param name="Count">How many keys the range holds, printed or not.</param>
internal sealed record EtcdctlRange(IReadOnlyList<KeyValue> Items, long Revision, bool More, long Count);
