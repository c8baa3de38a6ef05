namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>The article's EncryptionConfiguration files, with its key (<c>echo -n password12345678 | base64</c>).</summary>
internal static class ArticleFiles
{
    /// <summary>The key text the article base64-encodes.</summary>
    public const string KeyText = "password12345678";

    /// <summary><c>echo -n password12345678 | base64</c>.</summary>
    public const string KeyBase64 = "cGFzc3dvcmQxMjM0NTY3OA==";

    /// <summary>Plain text at rest: the state before the article turns encryption on.</summary>
    public const string IdentityOnly = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
            - secrets
            providers:
            - identity: {}

        """;

    /// <summary>The article's ec1.yaml: aescbc first (new writes), identity second (old values stay readable).</summary>
    public const string AesCbcThenIdentity = $$"""
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
            - secrets
            providers:
            - aescbc:
                keys:
                - name: key1
                  secret: {{KeyBase64}}
            - identity: {}

        """;

    /// <summary>The stored prefix of a value the article's config encrypted.</summary>
    public const string AesCbcPrefix = "k8s:enc:aescbc:v1:key1:";
}
