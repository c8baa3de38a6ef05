namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>
/// A reader looping on a volume as a program would: resolve <c>..data</c> once, then read both keys from that
/// version. A version directory can vanish between the two reads (the writer removes the old one after the swap);
/// such a read is retried, never counted. Torn pairs (keys from two versions) are counted.
/// </summary>
internal sealed class SecretPairReader
{
    private readonly string _directory;

    public SecretPairReader(string directory) => _directory = directory;

    /// <summary>Complete reads whose two values came from the same version.</summary>
    public int Consistent { get; private set; }

    /// <summary>Reads that mixed versions, e.g. <c>user=admin-3</c> with <c>pass=pass-2</c>.</summary>
    public List<string> Torn { get; } = [];

    /// <summary>Times a visible key link was missing.</summary>
    public int MissingLinks { get; private set; }

    /// <summary>The version numbers seen.</summary>
    public HashSet<string> Versions { get; } = [];

    /// <summary>The last version seen.</summary>
    public string? Last { get; private set; }

    /// <summary>Reads until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (new FileInfo(Path.Combine(_directory, "user")).LinkTarget is null || new FileInfo(Path.Combine(_directory, "pass")).LinkTarget is null)
            {
                MissingLinks++;
            }

            var version = new FileInfo(Path.Combine(_directory, "..data")).LinkTarget;
            if (version is null)
            {
                continue;
            }

            string user, pass;
            try
            {
                user = File.ReadAllText(Path.Combine(_directory, version, "user"));
                pass = File.ReadAllText(Path.Combine(_directory, version, "pass"));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                continue;
            }

            var userVersion = user["admin-".Length..];
            var passVersion = pass["pass-".Length..];
            if (userVersion != passVersion)
            {
                Torn.Add($"user={user} pass={pass}");
            }
            else
            {
                Consistent++;
                Versions.Add(userVersion);
                Last = userVersion;
            }
        }
    }, CancellationToken.None);
}
