namespace AtRest.ApiServer.Endpoints;

/// <summary>One change ready for a watch's client: its formatted event line, or none when the watch's selectors filter it out.</summary>
/// <param name="Bytes">The event line to send, or null for a change the client does not see (it still advances the revision).</param>
/// <param name="Revision">The revision of the change; bookmarks and resumes start after it.</param>
internal sealed record WatchLine(byte[]? Bytes, long Revision)
{
    // What a queued entry costs besides its line (the record, its queue slot), so filtered-out changes are not free.
    private const int EntryOverhead = 64;

    /// <summary>The bytes the line holds while it waits in a <see cref="WatchEventQueue"/>.</summary>
    public long Size => (Bytes?.LongLength ?? 0) + EntryOverhead;
}
