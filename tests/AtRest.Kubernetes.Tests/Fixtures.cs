using AtRest.Tests.Shared;

namespace AtRest.Kubernetes.Tests;

/// <summary>The upstream round-trip fixtures in <c>tests/testdata/k8s-fixtures/{version}/core.v1.{Kind}.{pb,json,yaml}</c>.</summary>
internal static class Fixtures
{
    public static TheoryData<string, string> All => new()
    {
        { "HEAD", "Secret" },
        { "HEAD", "ConfigMap" },
        { "HEAD", "Namespace" },
        { "v1.33.0", "Secret" },
        { "v1.33.0", "ConfigMap" },
        { "v1.33.0", "Namespace" },
    };

    public static byte[] Bytes(string version, string kind, string extension) =>
        File.ReadAllBytes(SharedData.Path("k8s-fixtures", version, $"core.v1.{kind}.{extension}"));

    public static string Text(string version, string kind, string extension) =>
        File.ReadAllText(SharedData.Path("k8s-fixtures", version, $"core.v1.{kind}.{extension}"));

    public static byte[] Hex(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(char.IsAsciiHexDigit)));
}
