using System.Text.Json;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources;

/// <summary>The keys the well-known Secret types require (kube-apiserver <c>ValidateSecret</c>).</summary>
internal static class SecretTypeRules
{
    /// <summary>Errors for a Secret whose data does not fit its type. Never quotes secret values.</summary>
    public static IEnumerable<FieldError> Validate(Secret secret)
    {
        switch (secret.Type)
        {
            case "kubernetes.io/service-account-token":
                if (!secret.Metadata.Annotations.TryGetValue("kubernetes.io/service-account.name", out var account) || account.Length == 0)
                {
                    yield return FieldError.Required("metadata.annotations[kubernetes.io/service-account.name]");
                }

                break;
            case "kubernetes.io/dockercfg":
                foreach (var e in JsonKey(secret, ".dockercfg"))
                {
                    yield return e;
                }

                break;
            case "kubernetes.io/dockerconfigjson":
                foreach (var e in JsonKey(secret, ".dockerconfigjson"))
                {
                    yield return e;
                }

                break;
            case "kubernetes.io/basic-auth":
                if (!secret.Data.ContainsKey("username") && !secret.Data.ContainsKey("password"))
                {
                    yield return FieldError.Required("data[username]");
                    yield return FieldError.Required("data[password]");
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (!secret.Data.TryGetValue("ssh-privatekey", out var key) || key.Length == 0)
                {
                    yield return FieldError.Required("data[ssh-privatekey]");
                }

                break;
            case "kubernetes.io/tls":
                if (!secret.Data.ContainsKey("tls.crt"))
                {
                    yield return FieldError.Required("data[tls.crt]");
                }

                if (!secret.Data.ContainsKey("tls.key"))
                {
                    yield return FieldError.Required("data[tls.key]");
                }

                break;
        }
    }

    private static IEnumerable<FieldError> JsonKey(Secret secret, string key)
    {
        if (!secret.Data.TryGetValue(key, out var value) || value.Length == 0)
        {
            yield return FieldError.Required($"data[{key}]");
            yield break;
        }

        string? problem = null;
        try
        {
            using var _ = JsonDocument.Parse(value);
        }
        catch (JsonException)
        {
            problem = "invalid JSON";
        }

        if (problem is not null)
        {
            yield return FieldError.Invalid($"data[{key}]", "<secret contents redacted>", problem);
        }
    }
}
