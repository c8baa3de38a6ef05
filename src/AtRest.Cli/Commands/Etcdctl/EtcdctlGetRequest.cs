namespace AtRest.Cli.Commands.Etcdctl;

/// <summary>The flags of <c>etcdctl get</c> that AtRest supports.</summary>
/// <param name="Key">The key, or the prefix when <paramref name="Prefix"/> is set.</param>
/// <param name="Prefix"><c>--prefix</c>.</param>
/// <param name="KeysOnly"><c>--keys-only</c>.</param>
/// <param name="ValueOnly"><c>--print-value-only</c>.</param>
/// <param name="Limit"><c>--limit</c>; 0 for all.</param>
/// <param name="Json"><c>-w json</c>.</param>
internal sealed record EtcdctlGetRequest(string Key, bool Prefix, bool KeysOnly, bool ValueOnly, long Limit, bool Json);
