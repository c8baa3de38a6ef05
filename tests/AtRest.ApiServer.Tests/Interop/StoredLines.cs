using System.Text;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>What the shared etcd holds for one namespace's objects, as comparable lines (see <see cref="StoredObjectDump"/>).</summary>
internal static class StoredLines
{
    /// <summary>The namespace object, its secrets and configmaps, each with its key, provider prefix and dumped plaintext.</summary>
    public static async Task<IReadOnlyList<string>> OfNamespaceAsync(InteropPair pair, string ns)
    {
        var lines = new List<string>();
        foreach (var prefix in (string[])[$"/registry/namespaces/{ns}", $"/registry/secrets/{ns}/", $"/registry/configmaps/{ns}/"])
        {
            foreach (var stored in await pair.StoredAsync(prefix))
            {
                lines.Add($"key {stored.Key}");
                lines.Add($"stored with {ProviderPrefix(stored.Value)}");
                lines.AddRange(StoredObjectDump.Lines(await InteropPair.DecryptAsync(stored)));
            }
        }

        return lines;
    }

    /// <summary>"k8s:enc:aescbc:v1:key1:" (five colons), or identity for an unencrypted value.</summary>
    public static string ProviderPrefix(byte[] value)
    {
        var text = Encoding.Latin1.GetString(value, 0, Math.Min(value.Length, 128));
        if (!text.StartsWith("k8s:enc:", StringComparison.Ordinal))
        {
            return "identity";
        }

        var end = -1;
        for (var colons = 0; colons < 5; colons++)
        {
            end = text.IndexOf(':', end + 1);
            Assert.True(end >= 0, $"stored value has no complete provider prefix: {text}");
        }

        return text[..(end + 1)];
    }
}
