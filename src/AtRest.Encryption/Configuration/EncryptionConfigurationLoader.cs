using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Configuration.Decoding;
using AtRest.Encryption.Configuration.Model;
using AtRest.Encryption.Configuration.Validation;
using AtRest.Encryption.Kms;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Configuration;

/// <summary>
/// Loads an <c>EncryptionConfiguration</c> file the way kube-apiserver's <c>LoadEncryptionConfig</c> does:
/// read, hash, strict-decode (YAML or JSON), default, validate, build the transformers.
/// </summary>
public static class EncryptionConfigurationLoader
{
    private const string SchemeName = "k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go:142";

    /// <summary>Loads and builds the configuration in <paramref name="path"/>.</summary>
    /// <param name="path">The file given as <c>--encryption-provider-config</c>.</param>
    /// <param name="automaticReload">Whether <c>--encryption-provider-config-automatic-reload</c> is on (stricter KMS name rules).</param>
    /// <param name="kms">KMS timings and the KMSv1 gate; kube-apiserver's defaults when null.</param>
    /// <exception cref="EncryptionConfigurationException">The file is unreadable, empty, malformed, invalid or cannot be built.</exception>
    public static LoadedEncryptionConfiguration LoadFile(string path, bool automaticReload = false, KmsRuntimeOptions? kms = null)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncryptionConfigurationException(
                $"error while parsing file: error while loading file: error reading encryption provider configuration file {GoFormat.Quote(path)}: {GoFileError(path, e)}",
                e);
        }

        return Load(content, path, automaticReload, SystemNonceSource.Instance, kms);
    }

    /// <summary>Loads a configuration held in memory; <paramref name="sourceName"/> stands for the path in messages.</summary>
    /// <exception cref="EncryptionConfigurationException">The content is empty, malformed, invalid or cannot be built.</exception>
    public static LoadedEncryptionConfiguration LoadFromBytes(
        ReadOnlySpan<byte> content, string sourceName, bool automaticReload = false, KmsRuntimeOptions? kms = null) =>
        Load(content, sourceName, automaticReload, SystemNonceSource.Instance, kms);

    /// <summary>
    /// The content hash kube-apiserver 1.34+ reports for a configuration file (<c>sha256:</c> + lowercase hex of the
    /// raw bytes); automatic reload compares it to decide whether the file changed.
    /// </summary>
    public static string ContentHash(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>As <see cref="LoadFromBytes"/> with injected randomness (tests reproducing fixed vectors only).</summary>
    internal static LoadedEncryptionConfiguration Load(
        ReadOnlySpan<byte> content, string path, bool automaticReload, INonceSource nonces, KmsRuntimeOptions? kms = null)
    {
        if (content.Length == 0)
        {
            throw new EncryptionConfigurationException(
                $"error while parsing file: error while loading file: encryption provider configuration file {GoFormat.Quote(path)} is empty");
        }

        var hash = ContentHash(content);
        EncryptionConfigurationDocument document;
        try
        {
            document = Decode(content);
        }
        catch (DocumentFormatException e)
        {
            throw new EncryptionConfigurationException(
                $"error while parsing file: error decoding encryption provider configuration file {GoFormat.Quote(path)}: {e.Message}");
        }

        foreach (var provider in (document.Resources ?? []).SelectMany(r => r?.Providers ?? []))
        {
            provider?.Kms?.ApplyDefaults();
        }

        var errors = EncryptionConfigurationValidator.Validate(document, automaticReload);
        if (errors.Count > 0)
        {
            throw new EncryptionConfigurationException(
                "error while parsing file: " + GoErrors.JoinAggregate(errors.Select(e => e.ToString()).ToList()));
        }

        try
        {
            return TransformerBuilder.Build(document, path, hash, automaticReload, nonces, kms ?? KmsRuntimeOptions.Default);
        }
        catch (TransformerBuildException e)
        {
            throw new EncryptionConfigurationException("error while building transformers: " + e.Message);
        }
    }

    private static EncryptionConfigurationDocument Decode(ReadOnlySpan<byte> content)
    {
        var isJson = IsJson(content);
        DocumentNode? root;
        string? yamlDuplicates = null;
        if (isJson)
        {
            root = JsonDocumentReader.Read(content);
        }
        else
        {
            root = YamlDocumentReader.Read(Encoding.UTF8.GetString(content));
            if (root is not null)
            {
                yamlDuplicates = YamlDuplicateKeys.Find(root);
            }
        }

        if (root is null or ScalarNode { Kind: ScalarKind.Null })
        {
            // Upstream prints the whole file here; it may hold keys, so it is left out.
            throw new DocumentFormatException("Object 'Kind' is missing in '<file content omitted>'");
        }

        if (root is not MappingNode mapping)
        {
            var word = root is SequenceNode ? "array" : ((ScalarNode)root).JsonKind;
            throw new DocumentFormatException(
                $"couldn't get version/kind; json parse error: json: cannot unmarshal {word} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}");
        }

        CheckKind(mapping);
        var document = StrictDecoder.Decode(mapping, fromYaml: !isJson, out var strictErrors);
        var all = new List<string>();
        if (yamlDuplicates is not null)
        {
            all.Add(yamlDuplicates);
        }

        all.AddRange(strictErrors);
        if (all.Count > 0)
        {
            throw new DocumentFormatException("strict decoding error: " + string.Join(", ", all));
        }

        return document;
    }

    private static void CheckKind(MappingNode mapping)
    {
        // Upstream finds apiVersion/kind with the standard (case-insensitive) JSON decoder; the strict pass that follows
        // then rejects a mis-cased key as an unknown field.
        string Field(string name) =>
            mapping.Entries.LastOrDefault(e => string.Equals(e.Key.Value, name, StringComparison.OrdinalIgnoreCase)).Value
                is ScalarNode { Kind: ScalarKind.String } s ? s.Value : "";

        var apiVersion = Field("apiVersion");
        var kind = Field("kind");
        if (kind.Length == 0)
        {
            throw new DocumentFormatException("Object 'Kind' is missing in '<file content omitted>'");
        }

        if (apiVersion.Length == 0)
        {
            throw new DocumentFormatException("Object 'apiVersion' is missing in '<file content omitted>'");
        }

        var known = (apiVersion == "apiserver.config.k8s.io/v1" && kind == "EncryptionConfiguration")
            || (apiVersion == "v1" && kind == "EncryptionConfig");
        if (!known)
        {
            throw new DocumentFormatException(
                $"no kind {GoFormat.Quote(kind)} is registered for version {GoFormat.Quote(apiVersion)} in scheme {GoFormat.Quote(SchemeName)}");
        }
    }

    private static bool IsJson(ReadOnlySpan<byte> content)
    {
        var trimmed = content.TrimStart(" \t\r\n"u8);
        if (trimmed.StartsWith("\uFEFF"u8))
        {
            trimmed = trimmed[3..].TrimStart(" \t\r\n"u8);
        }

        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }

    private static string GoFileError(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => $"open {path}: no such file or directory",
        UnauthorizedAccessException when Directory.Exists(path) => $"read {path}: is a directory",
        UnauthorizedAccessException => $"open {path}: permission denied",
        _ when Directory.Exists(path) => $"read {path}: is a directory",
        _ => $"open {path}: {e.Message}",
    };
}
