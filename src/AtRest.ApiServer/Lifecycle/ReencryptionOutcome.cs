namespace AtRest.ApiServer.Lifecycle;

/// <summary>What re-encryption did with one object; the <c>result</c> label of <c>atrest_reencryption_objects_total</c>.</summary>
public enum ReencryptionOutcome
{
    /// <summary>Written again with the write key.</summary>
    Rewritten,

    /// <summary>Already under the write key, or gone.</summary>
    Skipped,

    /// <summary>A client wrote it first; its write is kept.</summary>
    Conflict,

    /// <summary>No provider can read it; left as it is.</summary>
    Failed,
}
