namespace AtRest.ApiServer.Endpoints;

/// <summary>The patch formats kube-apiserver accepts, by Content-Type.</summary>
internal enum PatchType
{
    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,

    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,

    /// <summary><c>application/strategic-merge-patch+json</c> (kubectl apply, edit, patch).</summary>
    StrategicMerge,

    /// <summary><c>application/apply-patch+yaml</c> (server-side apply; creates a missing object).</summary>
    Apply,
}
