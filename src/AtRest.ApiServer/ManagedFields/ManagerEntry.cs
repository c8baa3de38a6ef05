namespace AtRest.ApiServer.ManagedFields;

/// <summary>One manager's fields: a decoded <c>managedFields</c> entry.</summary>
/// <param name="Manager">The manager's name.</param>
/// <param name="Operation"><c>Apply</c> or <c>Update</c>.</param>
/// <param name="ApiVersion">The version the field set is in.</param>
/// <param name="Set">The fields it owns.</param>
/// <param name="Time">When it last changed the object (full precision for a change made now); null when unknown.</param>
internal sealed record ManagerEntry(string Manager, string Operation, string ApiVersion, FieldSet Set, DateTimeOffset? Time)
{
    /// <summary>The operation of an applier.</summary>
    public const string Apply = "Apply";

    /// <summary>The operation of any other write.</summary>
    public const string Update = "Update";

    /// <summary>True for an applier's entry.</summary>
    public bool Applied => Operation == Apply;

    /// <summary>
    /// Whether this entry and <paramref name="other"/> are the same manager: same name and operation, and for
    /// updaters the same apiVersion (upstream's manager identifier leaves the version out for appliers).
    /// </summary>
    public bool SameManager(ManagerEntry other) =>
        Manager == other.Manager && Operation == other.Operation && (Applied || ApiVersion == other.ApiVersion);
}
