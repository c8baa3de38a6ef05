namespace AtRest.Storage;

/// <summary>The kind of change a watch event reports.</summary>
public enum WatchEventType
{
    /// <summary>The key was created or updated.</summary>
    Put,

    /// <summary>The key was deleted.</summary>
    Delete,
}
