namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// The rotation record as the <c>encryption/rotation</c> endpoint serves and takes it: the record plus the revision it was
/// read at, which a POST must name so that two clients cannot both move the stage (compare-and-swap).
/// </summary>
/// <param name="Record">The rotation.</param>
/// <param name="ResourceVersion">The record's mod revision; 0 when it was never written.</param>
public sealed record RotationDocument(RotationRecord Record, long ResourceVersion);
