namespace AtRest.Tests.Shared.Etcd;

/// <summary>Locates the etcd executables the real-etcd tests drive.</summary>
public static class EtcdBinary
{
    /// <summary>The etcd server executable; fails the calling test (never skips) when it is absent.</summary>
    public static string Server => Find("etcd", "etcd-server");

    /// <summary>The etcdctl client executable; fails the calling test when it is absent.</summary>
    public static string Ctl => Find("etcdctl", "etcd-client");

    private static string Find(string name, string debianPackage)
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/local/bin" }.Concat(
                     (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' was not found in /usr/bin or on PATH. The real-etcd tests need it: run ./scripts/test, which installs the Debian package {debianPackage} (or apt-get install {debianPackage}).");
    }
}
