using AtRest.Encryption.Configuration.Validation;

namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>
/// The check <c>yaml.YAMLToJSONStrict</c> adds in strict mode: every repeated key in any YAML map, as go-yaml v2 words it
/// (<c>yaml: unmarshal errors:\n  line 7: key "name" already set in map</c>).
/// </summary>
internal static class YamlDuplicateKeys
{
    public static string? Find(DocumentNode root)
    {
        var problems = new List<string>();
        Visit(root, problems, new HashSet<DocumentNode>(ReferenceEqualityComparer.Instance));
        return problems.Count == 0 ? null : "yaml: unmarshal errors:\n  " + string.Join("\n  ", problems);
    }

    private static void Visit(DocumentNode node, List<string> problems, HashSet<DocumentNode> visited)
    {
        if (!visited.Add(node))
        {
            return;
        }

        switch (node)
        {
            case MappingNode mapping:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Entries)
                {
                    if (!seen.Add(key.Value))
                    {
                        var shown = key.Kind == ScalarKind.String ? GoFormat.Quote(key.Value) : key.Value;
                        problems.Add($"line {key.Line}: key {shown} already set in map");
                    }

                    Visit(value, problems, visited);
                }

                break;
            case SequenceNode sequence:
                foreach (var item in sequence.Items)
                {
                    Visit(item, problems, visited);
                }

                break;
        }
    }
}
