using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtRest.KmsPlugin.Backends;

/// <summary>
/// The file backend's key-encryption keys: a JSON file, mode 0600, written atomically (temp file, then rename).
/// <code>
/// {"keys": [{"id": "1", "secret": "&lt;base64 32 bytes&gt;"}, {"id": "2", …}]}     the last key encrypts; all decrypt
/// </code>
/// Ids are decimal counters: a rotation adds max + 1, and old keys are never removed, so an id is never reused.
/// </summary>
internal static class KeyFile
{
    public const int KeySize = 32;

    /// <summary>The keys in file order; the last is current.</summary>
    /// <exception cref="KeyBackendException">Missing, unreadable or malformed file (the message never includes a secret).</exception>
    public static List<(string Id, byte[] Key)> Read(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyBackendException(File.Exists(path)
                ? $"cannot read key file {path}: {e.Message}"
                : $"key file {path} does not exist; create it with: atrest kms-plugin rotate --key-file {path}", e);
        }

        try
        {
            var keys = new List<(string, byte[])>();
            var array = JsonNode.Parse(content)?["keys"]?.AsArray() ?? throw new KeyBackendException($"key file {path} has no \"keys\" list");
            foreach (var entry in array)
            {
                var id = entry?["id"]?.GetValue<string>();
                var secret = entry?["secret"]?.GetValue<string>();
                if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
                {
                    throw new KeyBackendException($"key file {path}: every key needs an \"id\" and a \"secret\"");
                }

                var key = Convert.FromBase64String(secret);
                if (key.Length != KeySize)
                {
                    throw new KeyBackendException($"key file {path}: key {id} is {key.Length} bytes, AES-256 needs {KeySize}");
                }

                keys.Add((id, key));
            }

            return keys.Count > 0 ? keys : throw new KeyBackendException($"key file {path} holds no keys");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // The parser's message could quote file content, which holds secrets.
            throw new KeyBackendException($"key file {path} is not a valid key file ({e.GetType().Name})");
        }
    }

    /// <summary>Adds a fresh random key with id max + 1 (1 for a new file) and makes it current.</summary>
    /// <returns>The new key id.</returns>
    public static string Rotate(string path)
    {
        var keys = File.Exists(path) ? Read(path) : [];
        var next = keys.Count == 0 ? 1 : keys.Max(k => long.TryParse(k.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0) + 1;
        var id = next.ToString(CultureInfo.InvariantCulture);
        keys.Add((id, RandomNumberGenerator.GetBytes(KeySize)));
        var json = new JsonObject
        {
            ["keys"] = new JsonArray(keys.Select(k => (JsonNode)new JsonObject { ["id"] = k.Id, ["secret"] = Convert.ToBase64String(k.Key) }).ToArray()),
        };
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from creation: the keys are never readable by others, not even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, json, new JsonSerializerOptions { WriteIndented = true });
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        foreach (var (_, key) in keys)
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return id;
    }
}
