using System.Text;
using AtRest.ApiServer.Audit;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>Policy files are read and refused as kube-apiserver's <c>LoadPolicyFromFile</c> and <c>ValidatePolicy</c> do.</summary>
public sealed class AuditPolicyLoaderTests
{
    private const string Header = "apiVersion: audit.k8s.io/v1\nkind: Policy\n";

    [Fact]
    public void Every_field_is_read()
    {
        var policy = Parse(Header + """
            omitStages: [RequestReceived]
            omitManagedFields: true
            rules:
            - level: RequestResponse
              users: [alice]
              userGroups: [ops]
              verbs: [get, list]
              namespaces: [prod, ""]
              resources:
              - group: ""
                resources: [secrets, "pods/log"]
                resourceNames: [db]
              - group: apps
              omitStages: [ResponseStarted]
              omitManagedFields: false
            - level: Metadata
              nonResourceURLs: ["/healthz*", "/version"]
            - level: None
            """);

        Assert.Equal([AuditStage.RequestReceived], policy.OmitStages);
        Assert.True(policy.OmitManagedFields);
        Assert.Equal(3, policy.Rules.Count);
        var first = policy.Rules[0];
        Assert.Equal(AuditLevel.RequestResponse, first.Level);
        Assert.Equal(["alice"], first.Users);
        Assert.Equal(["ops"], first.UserGroups);
        Assert.Equal(["get", "list"], first.Verbs);
        Assert.Equal(["prod", ""], first.Namespaces);
        Assert.Equal("", first.Resources[0].Group);
        Assert.Equal(["secrets", "pods/log"], first.Resources[0].Resources);
        Assert.Equal(["db"], first.Resources[0].ResourceNames);
        Assert.Equal("apps", first.Resources[1].Group);
        Assert.Empty(first.Resources[1].Resources);
        Assert.Equal([AuditStage.ResponseStarted], first.OmitStages);
        Assert.False(first.OmitManagedFields);
        Assert.Equal(["/healthz*", "/version"], policy.Rules[1].NonResourceUrls);
        Assert.Null(policy.Rules[1].OmitManagedFields);
        Assert.Equal(AuditLevel.None, policy.Rules[2].Level);
        Assert.True(policy.NeedsBodies);
    }

    [Fact]
    public void Json_is_read_too()
    {
        var policy = Parse("""{"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"Metadata"}]}""");
        Assert.Equal(AuditLevel.Metadata, Assert.Single(policy.Rules).Level);
        Assert.False(policy.NeedsBodies);
    }

    [Theory]
    [InlineData("rules:\n- users: [a]\n", "rules[0].level: Required value")]
    [InlineData("rules:\n- level: Everything\n",
        "rules[0].level: Unsupported value: \"Everything\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"")]
    [InlineData("omitStages: [Started]\nrules:\n- level: None\n",
        "omitStages[0]: Invalid value: \"Started\": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic")]
    [InlineData("rules:\n- level: None\n  omitStages: [ResponseComplete, Done]\n",
        "rules[0].omitStages[1]: Invalid value: \"Done\": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic")]
    [InlineData("rules:\n- level: None\n  nonResourceURLs: [healthz]\n",
        "rules[0].nonResourceURLs[0]: Invalid value: \"healthz\": non-resource URL rules must begin with a '/' character")]
    [InlineData("rules:\n- level: None\n  nonResourceURLs: [\"/a*/b\"]\n",
        "rules[0].nonResourceURLs[0]: Invalid value: \"/a*/b\": non-resource URL wildcards '*' must be the final character of the rule")]
    [InlineData("rules:\n- level: None\n  nonResourceURLs: [\"/x\"]\n  namespaces: [a]\n",
        "rules[0].nonResourceURLs: Invalid value: []string{\"/x\"}: rules cannot apply to both regular resources and non-resource URLs")]
    [InlineData("rules:\n- level: None\n  resources:\n  - group: \"\"\n    resourceNames: [a]\n",
        "rules[0].resources.resourceNames: Invalid value: []string{\"a\"}: using resourceNames requires at least one resource")]
    [InlineData("rules:\n- level: None\n  resources:\n  - group: rbac.authorization.k8s.io/v1\n",
        "rules[0].resources.group: Invalid value: \"rbac.authorization.k8s.io/v1\": a lowercase RFC 1123 subdomain must consist of")]
    [InlineData("rules: []\n", "loaded illegal policy with 0 rules")]
    [InlineData("", "loaded illegal policy with 0 rules")]
    public void Invalid_policies_are_refused_naming_the_field(string body, string expected)
    {
        var error = Assert.Throws<AuditPolicyException>(() => Parse(Header + body));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_problems_are_reported_together_as_kube_aggregates_them()
    {
        var error = Assert.Throws<AuditPolicyException>(() => Parse(Header + "rules:\n- level: Loud\n- verbs: [get]\n"));
        Assert.Equal("[rules[0].level: Unsupported value: \"Loud\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\", "
            + "rules[1].level: Required value]", error.Message);
    }

    [Theory]
    [InlineData("apiVersion: audit.k8s.io/v1beta2\nkind: Policy\nrules: [{level: None}]\n", "unknown group version field audit.k8s.io/v1beta2, Kind=Policy in policy")]
    [InlineData("apiVersion: v1\nkind: Policy\nrules: [{level: None}]\n", "unknown group version field /v1, Kind=Policy in policy")]
    [InlineData("apiVersion: audit.k8s.io/v1\nrules: [{level: None}]\n", "failed decoding: Object 'Kind' is missing")]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: {level: None}\n", "failed decoding: rules: expected a list, got object")]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, users: [1]}]\n", "failed decoding: rules[0].users[0]: expected a string, got number")]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, omitManagedFields: sometimes}]\n", "failed decoding: rules[0].omitManagedFields: expected a boolean, got string")]
    [InlineData("rules: [\n", "failed decoding: ")]
    public void Undecodable_files_are_refused(string body, string expected)
    {
        var error = Assert.Throws<AuditPolicyException>(() => Parse(body));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_error_names_the_file()
    {
        using var directory = new TempDirectory("audit-policy");
        var path = directory.File("policy.yaml");
        File.WriteAllText(path, Header + "rules:\n- level: Loud\n");
        var error = Assert.Throws<AuditPolicyException>(() => AuditPolicyLoader.Load(path));
        Assert.Equal("loading audit policy file: rules[0].level: Unsupported value: \"Loud\": supported values: \"None\", \"Metadata\", \"Request\", "
            + $"\"RequestResponse\": from file {path}", error.Message);

        var missing = Assert.Throws<AuditPolicyException>(() => AuditPolicyLoader.Load(directory.File("missing.yaml")));
        Assert.StartsWith($"loading audit policy file: failed to read file path \"{directory.File("missing.yaml")}\": ", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_policy_in_the_docs_loads()
    {
        var policy = AuditPolicyLoader.Load(Path.Combine(SharedData.RepositoryRoot, "docs", "audit-policy.yaml"));
        Assert.Equal([AuditStage.RequestReceived], policy.OmitStages);
        Assert.Equal(AuditLevel.RequestResponse, policy.Rules.Single(r => r.Resources.Count > 0).Level);
        Assert.Equal(AuditLevel.Metadata, policy.Rules[^1].Level);
    }

    private static AuditPolicy Parse(string text) => AuditPolicyLoader.Parse(Encoding.UTF8.GetBytes(text));
}
