namespace AtRest.Storage.Etcd;

/// <summary>No etcd endpoint answered within the retry time or the call's deadline, or a write's outcome could not be learned.</summary>
public sealed class EtcdUnavailableException(string message, Exception? innerException) : StorageUnavailableException(message, innerException);
