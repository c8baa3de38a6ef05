using System.Text.Json;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Reads an audit.k8s.io/v1 <c>Policy</c> file as kube-apiserver's <c>LoadPolicyFromFile</c> does: YAML or JSON,
/// unknown fields ignored, then <c>ValidatePolicy</c> with its field paths and messages, then at least one rule.
/// </summary>
public static class AuditPolicyLoader
{
    private static readonly string[] Levels = ["None", "Metadata", "Request", "RequestResponse"];
    private static readonly string[] Stages = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];

    /// <summary>Loads and validates <paramref name="path"/>.</summary>
    /// <exception cref="AuditPolicyException">
    /// The file cannot be read or decoded, or is invalid: <c>loading audit policy file: rules[0].level: Required value: from file …</c>.
    /// </exception>
    public static AuditPolicy Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditPolicyException($"loading audit policy file: failed to read file path \"{path}\": {e.Message}", e);
        }

        try
        {
            return Parse(bytes);
        }
        catch (AuditPolicyException e)
        {
            throw new AuditPolicyException($"loading audit policy file: {e.Message}: from file {path}", e);
        }
    }

    /// <summary>Decodes and validates policy bytes (YAML or JSON).</summary>
    /// <exception cref="AuditPolicyException">The bytes are not a valid policy.</exception>
    public static AuditPolicy Parse(ReadOnlySpan<byte> bytes)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(KubernetesObjectCodec.YamlToJsonBytes(bytes));
            root = document.RootElement.Clone();
        }
        catch (Exception e) when (e is KubernetesJsonException or JsonException)
        {
            throw new AuditPolicyException($"failed decoding: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            throw new AuditPolicyException("failed decoding: Object 'Kind' is missing");
        }

        var apiVersion = root.TryGetProperty("apiVersion", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString()! : "";
        if (apiVersion != "audit.k8s.io/v1" || kind.GetString() != "Policy")
        {
            var slash = apiVersion.LastIndexOf('/');
            var group = slash < 0 ? "" : apiVersion[..slash];
            throw new AuditPolicyException($"unknown group version field {group}/{apiVersion[(slash + 1)..]}, Kind={kind.GetString()} in policy");
        }

        var errors = new List<FieldError>();
        var omitStages = Strings(root, "omitStages", "omitStages");
        ValidateStages(omitStages, "omitStages", errors);
        var rules = new List<AuditPolicyRule>();
        if (Property(root, "rules", JsonValueKind.Array, "rules") is { } rulesElement)
        {
            var index = 0;
            foreach (var rule in rulesElement.EnumerateArray())
            {
                rules.Add(ReadRule(rule, $"rules[{index}]", errors));
                index++;
            }
        }

        if (errors.Count > 0)
        {
            throw new AuditPolicyException(Aggregate(errors));
        }

        if (rules.Count == 0)
        {
            throw new AuditPolicyException("loaded illegal policy with 0 rules");
        }

        return new AuditPolicy(rules, omitStages.Select(Enum.Parse<AuditStage>).ToArray(), Bool(root, "omitManagedFields", "omitManagedFields") ?? false);
    }

    private static AuditPolicyRule ReadRule(JsonElement rule, string path, List<FieldError> errors)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            throw Decoding(path, "an object", rule);
        }

        var level = Property(rule, "level", JsonValueKind.String, path + ".level")?.GetString() ?? "";
        if (level.Length == 0)
        {
            errors.Add(FieldError.Required(path + ".level"));
        }
        else if (!Levels.Contains(level, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path + ".level", FieldError.GoQuote(level), Levels));
        }

        var nonResourceUrls = Strings(rule, "nonResourceURLs", path + ".nonResourceURLs");
        for (var i = 0; i < nonResourceUrls.Count; i++)
        {
            var url = nonResourceUrls[i];
            if (url == "*")
            {
                continue;
            }

            if (!url.StartsWith('/'))
            {
                errors.Add(FieldError.Invalid($"{path}.nonResourceURLs[{i}]", url, "non-resource URL rules must begin with a '/' character"));
            }

            if (url.Length > 0 && url[..^1].Contains('*', StringComparison.Ordinal))
            {
                errors.Add(FieldError.Invalid($"{path}.nonResourceURLs[{i}]", url, "non-resource URL wildcards '*' must be the final character of the rule"));
            }
        }

        var resources = new List<AuditGroupResources>();
        if (Property(rule, "resources", JsonValueKind.Array, path + ".resources") is { } resourcesElement)
        {
            var index = 0;
            foreach (var element in resourcesElement.EnumerateArray())
            {
                resources.Add(ReadGroupResources(element, $"{path}.resources[{index}]", path + ".resources", errors));
                index++;
            }
        }

        var namespaces = Strings(rule, "namespaces", path + ".namespaces");
        var omitStages = Strings(rule, "omitStages", path + ".omitStages");
        ValidateStages(omitStages, path + ".omitStages", errors);
        if (nonResourceUrls.Count > 0 && (resources.Count > 0 || namespaces.Count > 0))
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, path + ".nonResourceURLs", FieldError.GoStringSlice(nonResourceUrls),
                "rules cannot apply to both regular resources and non-resource URLs", ValueIsGoSyntax: true));
        }

        return new AuditPolicyRule
        {
            Level = Levels.Contains(level, StringComparer.Ordinal) ? Enum.Parse<AuditLevel>(level) : AuditLevel.None,
            Users = Strings(rule, "users", path + ".users"),
            UserGroups = Strings(rule, "userGroups", path + ".userGroups"),
            Verbs = Strings(rule, "verbs", path + ".verbs"),
            Resources = resources,
            Namespaces = namespaces,
            NonResourceUrls = nonResourceUrls,
            OmitStages = omitStages.Where(s => Stages.Contains(s, StringComparer.Ordinal)).Select(Enum.Parse<AuditStage>).ToArray(),
            OmitManagedFields = Bool(rule, "omitManagedFields", path + ".omitManagedFields"),
        };
    }

    // kube reports group and resourceNames problems under "resources.group", without the index: its validateResources
    // is handed the list's path, not the element's.
    private static AuditGroupResources ReadGroupResources(JsonElement element, string path, string listPath, List<FieldError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Decoding(path, "an object", element);
        }

        var group = Property(element, "group", JsonValueKind.String, path + ".group")?.GetString() ?? "";
        if (group.Length > 0 && NameRules.IsDns1123Subdomain(group) is { Count: > 0 } messages)
        {
            errors.Add(FieldError.Invalid(listPath + ".group", group, string.Join(",", messages)));
        }

        var resources = Strings(element, "resources", path + ".resources");
        var resourceNames = Strings(element, "resourceNames", path + ".resourceNames");
        if (resourceNames.Count > 0 && resources.Count == 0)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, listPath + ".resourceNames", FieldError.GoStringSlice(resourceNames),
                "using resourceNames requires at least one resource", ValueIsGoSyntax: true));
        }

        return new AuditGroupResources(group, resources, resourceNames);
    }

    private static void ValidateStages(List<string> stages, string path, List<FieldError> errors)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (!Stages.Contains(stages[i], StringComparer.Ordinal))
            {
                errors.Add(FieldError.Invalid($"{path}[{i}]", stages[i], "allowed stages are " + string.Join(",", Stages)));
            }
        }
    }

    // apimachinery's ErrorList.ToAggregate().Error(): one error alone, several as "[a, b]".
    private static string Aggregate(List<FieldError> errors) =>
        errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";

    private static JsonElement? Property(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw Decoding(path, kind == JsonValueKind.Array ? "a list" : "a " + kind.ToString().ToLowerInvariant(), value);
    }

    private static List<string> Strings(JsonElement parent, string name, string path)
    {
        var result = new List<string>();
        if (Property(parent, name, JsonValueKind.Array, path) is { } array)
        {
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                result.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Decoding($"{path}[{index}]", "a string", item));
                index++;
            }
        }

        return result;
    }

    private static bool? Bool(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Decoding(path, "a boolean", value),
        };
    }

    private static AuditPolicyException Decoding(string path, string expected, JsonElement got) =>
        new($"failed decoding: {path}: expected {expected}, got {got.ValueKind.ToString().ToLowerInvariant()}");
}
