using System.Text.Json;

namespace AtRest.ApiServer.Discovery;

/// <summary>The body of <c>GET /version</c>, built once.</summary>
internal static class VersionDocument
{
    /// <summary>The <c>gitVersion</c> of minor <paramref name="minor"/>: <c>v1.32.0</c>.</summary>
    public static string GitVersion(string minor)
    {
        var digits = new string(minor.TakeWhile(char.IsAsciiDigit).ToArray());
        return $"v1.{(digits.Length == 0 ? "0" : digits)}.0";
    }

    /// <summary>The JSON for a server that reports minor version <paramref name="minor"/>.</summary>
    public static byte[] Create(string minor)
    {
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["major"] = "1",
            ["minor"] = minor,
            ["gitVersion"] = GitVersion(minor),
            ["gitCommit"] = "atrest",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = "go1.23.4",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        });
    }
}
