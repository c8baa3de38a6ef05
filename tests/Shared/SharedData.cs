namespace AtRest.Tests.Shared;

/// <summary>
/// Locates the team's reference data (<c>../shared</c> beside the clone). Tests that read it skip, saying so,
/// when it is absent (a user's own clone); nothing else may skip.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The repository root (the folder holding AtRest.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder, or null when it is absent.</summary>
    public static string? Directory => Root.Value;

    /// <summary>A path inside the shared folder; skips the calling test when the folder is absent.</summary>
    public static string PathOrSkip(params string[] parts)
    {
        var root = Root.Value;
        Assert.SkipWhen(root is null, $"../shared is absent beside {RepositoryRoot}; this test reads reference data from it");
        return Path.Combine([root!, .. parts]);
    }

    private static string? Find()
    {
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return System.IO.Directory.Exists(Path.Combine(candidate, "docs")) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AtRest.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AtRest.slnx not found above {AppContext.BaseDirectory}");
    }
}
