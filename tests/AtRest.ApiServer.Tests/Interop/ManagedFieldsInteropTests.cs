using System.Text.RegularExpressions;
using AtRest.ApiServer.Tests.EndToEnd;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// managedFields and server-side apply against the real kube-apiserver v1.20.2: the same kubectl sequence (create,
/// label, annotate, client-side apply, server-side apply by two managers with a conflict and --force-conflicts, a
/// manager that stops applying a field, replace without managedFields, apply that creates, kubectl's server-side apply
/// taking over from its client-side apply) runs on each server in
/// turn; after every step the stored bytes, the answer of a failing step and `get -o yaml --show-managed-fields`
/// must be the same (times, uids and resourceVersions masked). Steps are a second apart so that entries never share
/// a timestamp, which would make their stored order a matter of timing.
/// </summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class ManagedFieldsInteropTests(IdentityInteropTests.Pair pair) : IClassFixture<IdentityInteropTests.Pair>
{
    private const string Namespace = "managed-fields";

    [Fact]
    public async Task The_same_commands_record_the_same_managed_fields_and_show_them_alike()
    {
        var byKube = await RunAsync(pair.KubeKubectl(KubectlBinaries.Dispatcher));
        foreach (var prefix in (string[])[$"/registry/secrets/{Namespace}/", $"/registry/configmaps/{Namespace}/", $"/registry/namespaces/{Namespace}"])
        {
            await pair.WipeAsync(prefix);
        }

        var byAtRest = await RunAsync(pair.AtRestKubectl(KubectlBinaries.Dispatcher));

        Assert.Contains(byKube[4].Shown, line => line.Contains("manager: kubectl-client-side-apply", StringComparison.Ordinal));
        Assert.Contains(byKube[^1].Shown, line => line.Contains("operation: Apply", StringComparison.Ordinal));
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.key", byKube[5].Answer, StringComparison.Ordinal);
        Assert.Equal("ok", byKube[14].Answer);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using v1: .data.key", byKube[17].Answer, StringComparison.Ordinal);
        Assert.Equal(byKube.Count, byAtRest.Count);
        for (var i = 0; i < byKube.Count; i++)
        {
            var (kube, atrest) = (byKube[i], byAtRest[i]);
            Assert.True(kube.Answer == atrest.Answer, $"`{kube.Command}` answered differently\n--- kube-apiserver ---\n{kube.Answer}\n--- atrest ---\n{atrest.Answer}\n{pair.Logs}");
            Assert.True(kube.Stored.SequenceEqual(atrest.Stored),
                $"after `{kube.Command}` the stored objects differ\n--- kube-apiserver ---\n{string.Join('\n', kube.Stored)}\n--- atrest ---\n{string.Join('\n', atrest.Stored)}");
            Assert.True(kube.Shown.SequenceEqual(atrest.Shown),
                $"after `{kube.Command}` --show-managed-fields differs\n--- kube-apiserver ---\n{string.Join('\n', kube.Shown)}\n--- atrest ---\n{string.Join('\n', atrest.Shown)}");
        }
    }

    private async Task<List<Step>> RunAsync(EndToEnd.Kubectl kubectl)
    {
        const string ns = Namespace;
        string[] commands =
        [
            $"kubectl create namespace {ns}",
            $"kubectl -n {ns} create configmap c1 --from-literal k=v --from-literal other=x",
            $"kubectl -n {ns} label configmap c1 team=a",
            $"kubectl -n {ns} annotate configmap c1 note=hello",
            Apply("name: a1\\ndata:\\n  key: one\\n  k2: x", ""),
            Apply("name: a1\\ndata:\\n  key: two", "--server-side --field-manager=mgr-b"),
            Apply("name: a1\\ndata:\\n  key: two\\n  k3: z", "--server-side --field-manager=mgr-b --force-conflicts"),
            Apply("name: a1\\n  labels:\\n    l: v\\ndata:\\n  k4: w", "--server-side"),
            Apply("name: a1\\ndata:\\n  k4: w", "--server-side"),
            Apply("name: a1\\ndata:\\n  key: three", "--server-side"),
            $"kubectl -n {ns} get configmap c1 -o json | sed 's/\"k\": \"v\"/\"k\": \"w\"/' | kubectl replace -f -",
            $"printf 'apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: s1\\ndata:\\n  a: YQ==\\n' | kubectl -n {ns} apply --server-side -f -",
            $"kubectl -n {ns} label secret s1 team=b",

            // kubectl's server-side apply after a client-side one (lastAppliedManager): it takes over the fields the
            // last-applied annotation still describes without a conflict; a field someone else changed since conflicts.
            Apply("name: a2\\ndata:\\n  key: one\\n  keep: same", ""),
            Apply("name: a2\\ndata:\\n  key: two\\n  keep: same", "--server-side"),
            Apply("name: a3\\ndata:\\n  key: one\\n  keep: same", ""),
            $"kubectl -n {ns} patch configmap a3 -p '{{\"data\":{{\"key\":\"patched\"}}}}'",
            Apply("name: a3\\ndata:\\n  key: three\\n  keep: changed", "--server-side"),
        ];
        var steps = new List<Step>();
        foreach (var command in commands)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);
            var result = await kubectl.ShellAsync(command);
            var answer = result.ExitCode == 0 ? "ok" : $"exit {result.ExitCode}: {result.Stderr.Trim()}";
            var shown = await kubectl.ShellAsync($"kubectl -n {ns} get configmaps,secrets -o yaml --show-managed-fields");
            steps.Add(new Step(command, answer, await StoredLines.OfNamespaceAsync(pair, ns), Mask(shown.EnsureSuccess().Stdout)));
        }

        return steps;
    }

    private static string Apply(string metadataNameAndData, string flags) =>
        $"printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  {metadataNameAndData}\\n' | kubectl -n {Namespace} apply {flags} -f -";

    private static string[] Mask(string yaml) =>
        [.. yaml.Split('\n').Select(line => Volatile().Replace(line, "$1<masked>"))];

    [GeneratedRegex("^(\\s*(?:- )?(?:time|creationTimestamp|uid|resourceVersion): ).+$")]
    private static partial Regex Volatile();

    private sealed record Step(string Command, string Answer, IReadOnlyList<string> Stored, string[] Shown);
}
