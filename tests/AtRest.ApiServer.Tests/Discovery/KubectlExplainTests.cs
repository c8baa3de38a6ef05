using System.Text.RegularExpressions;
using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.ApiServer.Tests.Kubectl;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Discovery;

/// <summary>
/// <c>kubectl explain</c> at every depth, with Debian's kubectl 1.20 (OpenAPI v2 protobuf) and the dispatcher's 1.27,
/// 1.30 and 1.33 (OpenAPI v3): each prints kube's description of the kind or field, read from the registrations' schemas.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class KubectlExplainTests : IAsyncLifetime
{
    private TestApiServer server = null!;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "secret", "KIND: Secret", "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes." },
        { "secret.data", "FIELD: data <map[string]string>", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'." },
        { "configmap.metadata.labels", "FIELD: labels <map[string]string>", "Map of string keys and values that can be used to organize and categorize (scope and select) objects." },
        { "namespace.spec.finalizers", "FIELD: finalizers <[]string>", "Finalizers is an opaque list of values that must be empty to permanently remove object from storage." },
        { "namespace.status.conditions.type", "FIELD: type <string>", "Type of namespace controller condition." },
        { "selfsubjectaccessreview.spec.resourceAttributes.verb", "FIELD: verb <string>", "Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy." },
    };

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    /// <summary>Debian's kubectl 1.20 (unpacked by scripts/test) and the dispatcher's 1.27, 1.30 and 1.33.</summary>
    public static IReadOnlyList<string> Binaries()
    {
        var debian = KubectlBinaries.Debian120
            ?? throw new InvalidOperationException("Debian's kubectl 1.20 is not unpacked under .build/debian; scripts/test installs it");
        var dispatcher = KubectlBinaries.Dispatcher;
        var directory = Path.GetDirectoryName(new FileInfo(dispatcher).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dispatcher)!;
        var bundled = new[] { 27, 30, 33 }.Select(minor => Path.Combine(directory, $"kubectl.1.{minor}")).ToList();
        var missing = bundled.Where(path => !File.Exists(path)).ToList();
        return missing.Count == 0
            ? [debian, .. bundled]
            : throw new InvalidOperationException($"the kubectl dispatcher lacks {string.Join(", ", missing)}");
    }

    /// <summary>kubectl's output with every run of white space made one space, so wrapped text compares whole.</summary>
    public static string Flat(string output) => Spaces().Replace(output, " ");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Explain_prints_kubes_description(string path, string header, string description)
    {
        using var kubectl = new KubectlRunner(server.Address);
        foreach (var binary in Binaries())
        {
            var result = await kubectl.RunAsync($"{binary} explain {path}");

            Assert.True(result.ExitCode == 0, $"{binary} explain {path}: {result.Stderr}");
            var output = Flat(result.Stdout);
            Assert.Contains(header, output, StringComparison.Ordinal);
            Assert.Contains(description, output, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
