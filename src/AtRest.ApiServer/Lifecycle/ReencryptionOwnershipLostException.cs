namespace AtRest.ApiServer.Lifecycle;

/// <summary>Another server or command claimed the run record: this one stops and leaves the run to it.</summary>
public sealed class ReencryptionOwnershipLostException(string message) : Exception(message);
