using AtRest.ApiServer.Authorization;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>kube's <c>Covers</c>, <c>BreakdownRule</c>, <c>CompactRules</c> and <c>CompactString</c>, case by case.</summary>
public sealed class RuleCoverageTests
{
    public static TheoryData<PolicyRule, PolicyRule, bool> Cases => new()
    {
        { R(["get", "list"], [""], ["secrets"]), R(["get"], [""], ["secrets"]), true },
        { R(["get"], [""], ["secrets"]), R(["get", "list"], [""], ["secrets"]), false },
        { R(["*"], [""], ["secrets"]), R(["escalate"], [""], ["secrets"]), true },
        { R(["get"], ["*"], ["secrets"]), R(["get"], ["apps"], ["secrets"]), true },
        { R(["get"], [""], ["*"]), R(["get"], [""], ["secrets/status"]), true },
        { R(["get"], [""], ["*/status"]), R(["get"], [""], ["secrets/status"]), true },
        { R(["get"], [""], ["*/status"]), R(["get"], [""], ["secrets"]), false },
        { R(["get"], [""], ["secrets"]), R(["get"], [""], ["secrets/status"]), false },
        { R(["get"], [""], ["secrets"]), N(["get"], [""], ["secrets"], ["a"]), true },
        { N(["get"], [""], ["secrets"], ["a", "b"]), N(["get"], [""], ["secrets"], ["a"]), true },
        { N(["get"], [""], ["secrets"], ["a"]), R(["get"], [""], ["secrets"]), false },
        { N(["get"], [""], ["secrets"], ["a"]), N(["get"], [""], ["secrets"], ["b"]), false },
        { U(["get"], ["/apis/*"]), U(["get"], ["/apis/rbac"]), true },
        { U(["get"], ["/apis/**"]), U(["get"], ["/apis/x"]), true },
        { U(["get"], ["/apis/*"]), U(["get"], ["/api"]), false },
        { U(["get"], ["*"]), U(["get"], ["/anything"]), true },
        { U(["get"], ["/healthz"]), U(["post"], ["/healthz"]), false },
        { R(["get"], [""], ["secrets"]), U(["get"], ["/healthz"]), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_rule_covers_another_as_kube_decides(PolicyRule owner, PolicyRule servant, bool covered) =>
        Assert.Equal(covered, RuleCoverage.Covers([owner], [servant]).Covered);

    [Fact]
    public void Missing_atoms_are_each_group_resource_verb_and_name()
    {
        var (covered, missing) = RuleCoverage.Covers(
            [R(["get"], [""], ["secrets"])],
            [N(["get", "delete"], ["", "apps"], ["secrets"], ["a"]), U(["get"], ["/x", "/y"])]);

        Assert.False(covered);
        Assert.Equal(
        [
            "{APIGroups:[\"\"], Resources:[\"secrets\"], ResourceNames:[\"a\"], Verbs:[\"delete\"]}",
            "{APIGroups:[\"apps\"], Resources:[\"secrets\"], ResourceNames:[\"a\"], Verbs:[\"get\"]}",
            "{APIGroups:[\"apps\"], Resources:[\"secrets\"], ResourceNames:[\"a\"], Verbs:[\"delete\"]}",
            "{NonResourceURLs:[\"/x\"], Verbs:[\"get\"]}",
            "{NonResourceURLs:[\"/y\"], Verbs:[\"get\"]}",
        ], missing.Select(RuleCoverage.CompactString));
    }

    [Fact]
    public void Compacting_merges_verbs_of_one_group_resource_and_name()
    {
        var compacted = RuleCoverage.Compact(
        [
            R(["get"], [""], ["secrets"]),
            U(["get"], ["/x"]),
            R(["list"], [""], ["secrets"]),
            N(["get"], [""], ["secrets"], ["a"]),
            R(["get"], [""], ["secrets"]),
            R(["watch"], [""], ["configmaps"]),
        ]);

        Assert.Equal(
        [
            "{NonResourceURLs:[\"/x\"], Verbs:[\"get\"]}",
            "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}",
            "{APIGroups:[\"\"], Resources:[\"secrets\"], ResourceNames:[\"a\"], Verbs:[\"get\"]}",
            "{APIGroups:[\"\"], Resources:[\"configmaps\"], Verbs:[\"watch\"]}",
        ], compacted.Select(RuleCoverage.CompactString));
    }

    [Fact]
    public void Compact_text_quotes_as_go_does() =>
        Assert.Equal("{APIGroups:[\"a\\\"b\"], Resources:[\"café\"], Verbs:[\"get\"]}",
            RuleCoverage.CompactString(R(["get"], ["a\"b"], ["café"])));

    private static PolicyRule R(string[] verbs, string[] groups, string[] resources) => PolicyRule.ForResources(verbs, groups, resources);

    private static PolicyRule N(string[] verbs, string[] groups, string[] resources, string[] names) => PolicyRule.ForNames(verbs, groups, resources, names);

    private static PolicyRule U(string[] verbs, string[] urls) => PolicyRule.ForUrls(verbs, urls);
}
