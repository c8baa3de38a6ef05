using AtRest.ApiServer.Controllers;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tests.Controllers;

public sealed class NamespaceDeletionConditionsTests
{
    private static readonly KubernetesTime First = KubernetesTime.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private static readonly KubernetesTime Later = KubernetesTime.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_700_000_060));

    [Fact]
    public void RemainingContent_IsReportedWithKubesReasonAndMessage_OthersOk()
    {
        var status = new NamespaceStatus { Phase = "Terminating" };

        var changed = NamespaceDeletionConditions.Apply(status, new Dictionary<string, long> { ["secrets"] = 2000, ["configmaps"] = 3 }, [], First);

        Assert.True(changed);
        Assert.Equal(
            [
                ("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
                ("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
                ("NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
                ("NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 3 resource instances, secrets. has 2000 resource instances"),
                ("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
            ],
            status.Conditions.Select(c => (c.Type, c.Status, c.Reason, c.Message)));
        Assert.All(status.Conditions, c => Assert.Equal((KubernetesTime?)First, c.LastTransitionTime));
    }

    [Fact]
    public void Failures_AreSortedAndCounted()
    {
        var status = new NamespaceStatus();

        NamespaceDeletionConditions.Apply(status, new Dictionary<string, long>(), ["b failed", "a failed"], First);

        var failure = status.Conditions.Single(c => c.Type == "NamespaceDeletionContentFailure");
        Assert.Equal(("True", "ContentDeletionFailed", "Failed to delete all resource types, 2 remaining: a failed, b failed"), (failure.Status, failure.Reason, failure.Message));
    }

    [Fact]
    public void TransitionTime_MovesOnlyWhenTheStatusChanges()
    {
        var status = new NamespaceStatus();
        NamespaceDeletionConditions.Apply(status, new Dictionary<string, long> { ["secrets"] = 5 }, [], First);

        Assert.True(NamespaceDeletionConditions.Apply(status, new Dictionary<string, long> { ["secrets"] = 2 }, [], Later));
        var remaining = status.Conditions.Single(c => c.Type == "NamespaceContentRemaining");
        Assert.Equal(("True", "Some resources are remaining: secrets. has 2 resource instances", (KubernetesTime?)First), (remaining.Status, remaining.Message, remaining.LastTransitionTime));

        Assert.True(NamespaceDeletionConditions.Apply(status, new Dictionary<string, long> { ["secrets"] = 0 }, [], Later));
        Assert.Equal(("False", "ContentRemoved", "All content successfully removed", (KubernetesTime?)Later), (remaining.Status, remaining.Reason, remaining.Message, remaining.LastTransitionTime));
        Assert.Equal((KubernetesTime?)First, status.Conditions.Single(c => c.Type == "NamespaceDeletionDiscoveryFailure").LastTransitionTime);

        Assert.False(NamespaceDeletionConditions.Apply(status, new Dictionary<string, long> { ["secrets"] = 0 }, [], Later));
        Assert.Equal(5, status.Conditions.Count);
    }
}
