using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.ApiServer.Tests.Hostile;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Controllers;

/// <summary>
/// <c>kubectl delete namespace</c> waits until the namespace is gone: with the deletion now finished by the namespace
/// controller after the DELETE returns, every kubectl here must still see it through.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NamespaceDeleteKubectlTests
{
    [Fact]
    public async Task EveryKubectl_DeletesANamespaceWithContentAndWaitsForIt()
    {
        await using var server = await NamespaceServer.StartAsync();
        using var scratch = new TempDirectory("nsctl-kubectl");
        foreach (var binary in Binaries())
        {
            var name = $"k-{Path.GetFileName(binary).Replace('.', '-')}";
            await server.CreateNamespaceAsync(name);
            await server.CreateSecretAsync(name, "s1");
            await server.CreateConfigMapAsync(name, "c1");
            var kubectl = new EndToEnd.Kubectl(binary, server.Process.Server.KubeconfigPath, scratch.Path);

            var deleted = await kubectl.RunAsync("delete", "namespace", name);

            Assert.True(deleted.ExitCode == 0, $"{binary}: {deleted.Stderr}");
            Assert.Equal($"namespace \"{name}\" deleted", deleted.Stdout.Trim());
            Assert.Null(await server.GetNamespaceAsync(name));
            Assert.Empty(await server.NamesAsync(name, "secrets"));
            Assert.Empty(await server.NamesAsync(name, "configmaps"));
        }
    }

    // The dispatcher's bundled kubectl.1.NN, and Debian's 1.20 when scripts/test unpacked it.
    private static List<string> Binaries()
    {
        var dispatcher = KubectlBinaries.Dispatcher;
        var directory = Path.GetDirectoryName(new FileInfo(dispatcher).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dispatcher)!;
        var binaries = KubectlBinaries.DispatcherMinors
            .Select(minor => Path.Combine(directory, $"kubectl.1.{minor}"))
            .Where(File.Exists)
            .ToList();
        if (KubectlBinaries.Debian120 is { } debian)
        {
            binaries.Add(debian);
        }

        Assert.NotEmpty(binaries);
        return binaries;
    }
}
