namespace AtRest.ApiServer.Lifecycle;

/// <summary>Where a re-encryption run is.</summary>
public enum ReencryptionState
{
    /// <summary>No run was ever started on this store.</summary>
    None,

    /// <summary>A server (or an offline command) is rewriting objects; after a crash the run resumes from its checkpoint.</summary>
    Running,

    /// <summary>Every object in scope was visited.</summary>
    Completed,

    /// <summary>The run stopped on an error it could not get past (<see cref="ReencryptionRun.Error"/>).</summary>
    Failed,
}
