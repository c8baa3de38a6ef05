namespace AtRest.ApiServer.Lifecycle;

/// <summary>The optional body of <c>POST …/encryption/reencrypt</c>.</summary>
/// <param name="Resources">The resources to re-encrypt, as the configuration names them; null or empty: every one it names.</param>
/// <param name="ObjectsPerSecond">The throttle; 0 (the default) for none.</param>
public sealed record ReencryptionRequest(IReadOnlyList<string>? Resources = null, int ObjectsPerSecond = 0);
