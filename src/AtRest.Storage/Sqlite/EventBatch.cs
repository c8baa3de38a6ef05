namespace AtRest.Storage.Sqlite;

/// <summary>Watch events read from the log in one snapshot.</summary>
/// <param name="Events">Matching changes in revision order.</param>
/// <param name="ScannedThrough">Every row up to this revision has been looked at; the next read starts after it.</param>
/// <param name="Full">The batch limit was reached, so more rows may be waiting.</param>
internal sealed record EventBatch(IReadOnlyList<WatchEvent> Events, long ScannedThrough, bool Full);
