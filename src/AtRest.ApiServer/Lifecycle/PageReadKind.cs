namespace AtRest.ApiServer.Lifecycle;

/// <summary>Whether the inventory scan reads an entry of a page.</summary>
internal enum PageReadKind
{
    /// <summary>Not the key of an object of a known resource (or AtRest's own record).</summary>
    NotAnObject,

    /// <summary>The caller's filter said not to read or count it.</summary>
    Skipped,

    /// <summary>Decrypted; the read says with which provider, or why none could.</summary>
    Read,
}
