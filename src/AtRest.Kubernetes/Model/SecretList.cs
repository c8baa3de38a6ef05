namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>SecretList</c>.</summary>
public sealed class SecretList : KubernetesList<Secret>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "SecretList";

    /// <summary>Creates an empty v1 SecretList.</summary>
    public SecretList()
        : base("v1", KindName)
    {
    }
}
