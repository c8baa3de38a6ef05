using System.Security.Cryptography;

namespace AtRest.ApiServer.Hosting;

/// <summary>The content hash of an encryption configuration file, as the <c>hash</c> metric label shows it (<c>sha256:&lt;hex&gt;</c>).</summary>
public static class EncryptionConfigFileHash
{
    /// <summary>Hashes <paramref name="content"/>.</summary>
    public static string Of(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Hashes the file at <paramref name="path"/>.</summary>
    public static string OfFile(string path) => Of(File.ReadAllBytes(path));
}
