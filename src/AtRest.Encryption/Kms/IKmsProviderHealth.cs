namespace AtRest.Encryption.Kms;

/// <summary>A configured KMS provider as its health checks see it.</summary>
public interface IKmsProviderHealth
{
    /// <summary>The provider's <c>name</c> from the configuration.</summary>
    string Name { get; }

    /// <summary><c>v1</c> or <c>v2</c>.</summary>
    string ApiVersion { get; }

    /// <summary>Null when the plugin is healthy, otherwise upstream's failure text (never key material).</summary>
    ValueTask<string?> CheckAsync(CancellationToken cancellationToken);
}
