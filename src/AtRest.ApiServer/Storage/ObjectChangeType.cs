namespace AtRest.ApiServer.Storage;

/// <summary>The watch event types kube-apiserver sends for stored changes.</summary>
internal enum ObjectChangeType
{
    /// <summary>The object was created.</summary>
    Added,

    /// <summary>The object was updated.</summary>
    Modified,

    /// <summary>The object was deleted.</summary>
    Deleted,
}
