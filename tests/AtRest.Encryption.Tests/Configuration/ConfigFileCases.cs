namespace AtRest.Encryption.Tests.Configuration;

/// <summary>
/// The config files under testdata/. Each invalid file carries its exact expected message, either as a first-line
/// comment <c># error: …</c> or, for JSON, empty and multi-line cases, in a sidecar <c>&lt;file&gt;.error</c>.
/// <c>{path}</c> stands for the file's path. Valid files say what <c>Describe</c> must return in a first-line
/// <c># describe &lt;resource&gt;: &lt;prefixes&gt;</c> or a sidecar <c>&lt;file&gt;.describe</c>.
/// </summary>
internal static class ConfigFileCases
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", name);

    public static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder(folder))
                     .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static string Annotation(string path, string marker, string separator = ": ")
    {
        var sidecar = path + "." + marker;
        if (File.Exists(sidecar))
        {
            return File.ReadAllText(sidecar).TrimEnd('\n');
        }

        var first = File.ReadLines(path).FirstOrDefault() ?? "";
        var prefix = $"# {marker}{separator}";
        Assert.True(first.StartsWith(prefix, StringComparison.Ordinal), $"{path} has neither a sidecar .{marker} file nor a first line '{prefix}…'");
        return first[prefix.Length..];
    }
}
