namespace AtRest.Encryption.Configuration.Model;

/// <summary>A decoded <c>EncryptionConfiguration</c> (the fields of <c>apiserver.config.k8s.io/v1</c>).</summary>
internal sealed class EncryptionConfigurationDocument
{
    public List<ResourceConfiguration>? Resources { get; set; }
}
