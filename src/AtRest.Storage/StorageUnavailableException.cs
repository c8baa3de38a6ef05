namespace AtRest.Storage;

/// <summary>
/// The backend could not be reached, or did not answer in time: nothing is wrong with the request, and it may succeed
/// when sent again (the API answers 503 with <c>Retry-After</c>).
/// </summary>
public class StorageUnavailableException(string message, Exception? innerException) : Exception(message, innerException);
