namespace AtRest.Tests.Shared;

/// <summary>
/// The upstream fixtures and vectors the project carries in <c>tests/testdata</c> (origin in its README), copied
/// into every test project's output under <c>testdata/</c>. A missing file fails the test: nothing skips.
/// </summary>
public static class SharedData
{
    /// <summary>The repository root (the folder holding AtRest.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A file of the carried test data, e.g. <c>Path("vectors", "encryption-vectors.json")</c>.</summary>
    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([AppContext.BaseDirectory, "testdata", .. parts]);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"test data {string.Join('/', parts)} is not in {System.IO.Path.Combine(AppContext.BaseDirectory, "testdata")}: "
                + "it belongs in tests/testdata/, which each test project copies to its output", path);
        }

        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AtRest.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AtRest.slnx not found above {AppContext.BaseDirectory}");
    }
}
