namespace AtRest.Encryption.Configuration.Model;

/// <summary><c>identity: {}</c> — no fields.</summary>
internal sealed class IdentityConfiguration;
