namespace AtRest.Storage;

/// <summary>A page of keys under a prefix.</summary>
/// <param name="Prefix">Keys that start with this string.</param>
/// <param name="StartKey">Inclusive lower bound inside the prefix (a continuation), or null to start at the prefix.</param>
/// <param name="Limit">Most entries to return; 0 for all.</param>
/// <param name="Revision">Read as of this revision; 0 for the current one.</param>
/// <param name="KeysOnly">Leave values empty.</param>
public sealed record RangeRequest(string Prefix, string? StartKey = null, long Limit = 0, long Revision = 0, bool KeysOnly = false);
