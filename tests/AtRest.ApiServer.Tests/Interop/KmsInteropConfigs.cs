namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// The EncryptionConfigurations of the KMS interop suite, all on one plugin socket. kube-apiserver v1.20 speaks only
/// KMS v1 and spells it without <c>apiVersion</c>; AtRest names v1 explicitly and gives its v2 provider another name,
/// because a v2 provider may not reuse a name already in the file.
/// </summary>
internal static class KmsInteropConfigs
{
    /// <summary>The v1 provider's name on both servers: part of the stored prefix <c>k8s:enc:kms:v1:atrest:</c>.</summary>
    public const string V1Name = "atrest";

    /// <summary>AtRest's v2 provider's name.</summary>
    public const string V2Name = "atrest-v2";

    /// <summary>kube-apiserver: KMS v1 writes.</summary>
    public static string Kube(string endpoint) =>
        Render($"      - kms: {{name: {V1Name}, endpoint: \"{endpoint}\", cachesize: 100}}\n");

    /// <summary>AtRest before the migration: KMS v1 writes, v2 reads.</summary>
    public static string AtRestV1First(string endpoint) => Render(V1(endpoint) + V2(endpoint));

    /// <summary>AtRest for the migration: KMS v2 writes, v1 reads.</summary>
    public static string AtRestV2First(string endpoint) => Render(V2(endpoint) + V1(endpoint));

    private static string V1(string endpoint) =>
        $"      - kms: {{apiVersion: v1, name: {V1Name}, endpoint: \"{endpoint}\", timeout: 3s, cachesize: 100}}\n";

    private static string V2(string endpoint) =>
        $"      - kms: {{apiVersion: v2, name: {V2Name}, endpoint: \"{endpoint}\", timeout: 3s}}\n";

    private static string Render(string kmsProviders) =>
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n"
        + kmsProviders + "      - identity: {}\n";
}
