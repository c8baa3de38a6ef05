namespace AtRest.Storage;

/// <summary>A backend that knows when its last write failed for lack of space (health checks report it).</summary>
public interface IStorageSpaceMonitor
{
    /// <summary>Why the last write failed for lack of space, or null when the last write succeeded.</summary>
    string? InsufficientStorage { get; }
}
