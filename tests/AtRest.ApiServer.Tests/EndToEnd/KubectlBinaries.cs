namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>The kubectl binaries on this machine.</summary>
internal static class KubectlBinaries
{
    /// <summary>
    /// Places Debian's kubectl 1.20 (package kubernetes-client) may be found. Its package would overwrite the
    /// dispatcher's /usr/bin/kubectl, so <c>scripts/test</c> unpacks it under <c>.build/debian/</c> instead.
    /// </summary>
    private static readonly string[] Debian120Candidates =
    [
        Path.Combine(AtRest.Tests.Shared.SharedData.RepositoryRoot, ".build", "debian", "kubernetes-client", "usr", "bin", "kubectl"),
        "/usr/bin/kubectl.1.20", "/usr/local/bin/kubectl-1.20", "/usr/lib/kubernetes-client/kubectl",
    ];

    /// <summary>kubectl on PATH: the Google Cloud SDK dispatcher here, which runs the bundled kubectl matching /version's minor.</summary>
    public static string Dispatcher
    {
        get
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator).Append("/usr/bin"))
            {
                var candidate = Path.Combine(dir, "kubectl");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("kubectl is not on PATH; the end-to-end tests drive the real kubectl");
        }
    }

    /// <summary>The minor versions the dispatcher ships (kubectl.1.NN beside it); 32 alone when it ships none.</summary>
    public static IReadOnlyList<int> DispatcherMinors
    {
        get
        {
            var directory = Path.GetDirectoryName(new FileInfo(Dispatcher).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Dispatcher)!;
            var minors = Directory.EnumerateFiles(directory, "kubectl.1.*")
                .Select(path => Path.GetFileName(path)["kubectl.1.".Length..])
                .Select(text => int.TryParse(text, out var minor) ? minor : -1)
                .Where(minor => minor > 0)
                .Order()
                .ToArray();
            return minors.Length == 0 ? [32] : minors;
        }
    }

    /// <summary>Debian's kubectl 1.20 when one is installed at a known place.</summary>
    public static string? Debian120 => Debian120Candidates.FirstOrDefault(File.Exists);

    /// <summary>The dispatcher's minors, plus 0 for Debian's kubectl 1.20 when it is unpacked (for theories).</summary>
    public static TheoryData<int> Minors => new(Debian120 is null ? DispatcherMinors : [.. DispatcherMinors, 0]);

    /// <summary>The dispatcher's bundled kubectl.1.NN, run directly (a server reports one minor for all); 0 is Debian's 1.20.</summary>
    public static string ForMinor(int minor)
    {
        if (minor == 0)
        {
            return Debian120 ?? throw new InvalidOperationException("Debian's kubectl 1.20 is not unpacked under .build/debian");
        }

        var directory = Path.GetDirectoryName(new FileInfo(Dispatcher).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Dispatcher)!;
        var versioned = Path.Combine(directory, $"kubectl.1.{minor}");
        return File.Exists(versioned) ? versioned : Dispatcher;
    }
}
