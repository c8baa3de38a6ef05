using AtRest.Tests.Shared;

namespace AtRest.Kubernetes.Tests;

/// <summary>The upstream round-trip fixtures <c>tests/testdata/k8s-fixtures/{version}/{core.v1,events.k8s.io.v1}.Event.*</c>.</summary>
internal static class EventFixtures
{
    public static TheoryData<string> Versions => new("HEAD", "v1.33.0");

    public static byte[] Core(string version, string extension) =>
        File.ReadAllBytes(SharedData.Path("k8s-fixtures", version, $"core.v1.Event.{extension}"));

    public static string EventsV1Json(string version) =>
        File.ReadAllText(SharedData.Path("k8s-fixtures", version, "events.k8s.io.v1.Event.json"));
}
