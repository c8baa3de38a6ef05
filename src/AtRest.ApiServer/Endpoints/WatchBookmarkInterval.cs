namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK: kube-apiserver's cacher sends one about every
/// minute. Not a user setting; registered as a service only by tests, which cannot wait a minute.
/// </summary>
/// <param name="Interval">The time between bookmarks.</param>
internal sealed record WatchBookmarkInterval(TimeSpan Interval)
{
    /// <summary>The cacher's bookmark frequency.</summary>
    public static WatchBookmarkInterval Default { get; } = new(TimeSpan.FromMinutes(1));
}
