namespace AtRest.Storage;

/// <summary>
/// The backend refused a write because it has no space left (the disk under the SQLite file is full). Reads still
/// work; the API answers writes with 507.
/// </summary>
public sealed class InsufficientStorageException(string message, Exception? innerException) : Exception(message, innerException);
