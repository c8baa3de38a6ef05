namespace AtRest.Tests.Shared.KubeApiServer;

/// <summary>
/// The real kube-apiserver v1.20.2 that <c>scripts/build-kube-apiserver</c> builds from Debian's source package and
/// caches under <c>.build/kube-apiserver/v1.20.2/</c> (<c>scripts/test</c> runs it first). Its absence is a failure.
/// </summary>
public static class KubeApiServerBinary
{
    /// <summary>The version the build script produces.</summary>
    public const string Version = "v1.20.2";

    /// <summary>The binary's path; throws, saying how to build it, when it is missing.</summary>
    public static string Path
    {
        get
        {
            var path = System.IO.Path.Combine(SharedData.RepositoryRoot, ".build", "kube-apiserver", Version, "kube-apiserver");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"no kube-apiserver at {path}: run scripts/build-kube-apiserver (scripts/test does) to build it once");
        }
    }
}
