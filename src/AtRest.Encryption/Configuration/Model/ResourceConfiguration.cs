namespace AtRest.Encryption.Configuration.Model;

/// <summary>One <c>resources[]</c> entry: resource names and their ordered providers.</summary>
internal sealed class ResourceConfiguration
{
    public List<string>? Resources { get; set; }

    public List<ProviderConfiguration>? Providers { get; set; }
}
