using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// Events through the real kubectl 1.32 (the dispatcher) and Debian's 1.20: <c>create -f</c>, <c>get events</c> with
/// kube's columns, field selectors, <c>describe</c> of a configmap (with its Events section), a secret and a namespace,
/// <c>kubectl events</c> (1.27+) and the events.k8s.io/v1 view of the same objects.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EventsKubectlTests : IAsyncLifetime
{
    private readonly TempDirectory _scratch = new("events-kubectl");
    private AtRestServer _server = null!;

    public static TheoryData<string> Kubectls => new("1.32", "1.20");

    public async ValueTask InitializeAsync() =>
        _server = await AtRestServer.StartAsync(_scratch.File("data"), cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _scratch.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task Describe_shows_each_kinds_events_and_get_events_lists_them(string version)
    {
        var kubectl = Kubectl(version);
        (await kubectl.RunAsync("create", "configmap", "c1", "--from-literal", "a=b")).EnsureSuccess();
        (await kubectl.RunAsync("create", "secret", "generic", "s1", "--from-literal", "a=b")).EnsureSuccess();
        (await kubectl.RunAsync("create", "namespace", "n1")).EnsureSuccess();
        await CreateEventAsync(kubectl, "c1.1", "default", "ConfigMap", "c1", "default", "configmap", "ConfigChecked", "configmap looked at");
        await CreateEventAsync(kubectl, "s1.1", "default", "Secret", "s1", "default", "secret", "SecretChecked", "secret looked at");
        await CreateEventAsync(kubectl, "n1.1", "default", "Namespace", "n1", "", "namespace", "NamespaceChecked", "namespace looked at");

        // kubectl's describers print an Events section for configmaps; those of secrets and namespaces print none (as
        // against kube-apiserver), but all three must work against a server that serves events.
        var configMap = (await kubectl.RunAsync("describe", "configmap/c1")).EnsureSuccess().Stdout;
        Assert.Matches(@"Events:\s+Type\s+Reason\s+Age\s+From\s+Message", configMap);
        Assert.Matches(@"Warning\s+ConfigChecked\s+\S+ \(x3 over \S+\)\s+test-controller\s+configmap looked at", configMap);
        Assert.Contains("Name:         s1", (await kubectl.RunAsync("describe", "secret/s1")).EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Contains("Name:         n1", (await kubectl.RunAsync("describe", "namespace/n1")).EnsureSuccess().Stdout, StringComparison.Ordinal);

        var table = (await kubectl.RunAsync("get", "events")).EnsureSuccess().Stdout;
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n", table);
        Assert.Matches(@"\n\S+\s+Warning\s+ConfigChecked\s+configmap/c1\s+configmap looked at\n", table);
        Assert.Matches(@"\n\S+\s+Warning\s+NamespaceChecked\s+namespace/n1\s+namespace looked at\n", table);
        var selected = (await kubectl.RunAsync("get", "events", "--field-selector", "involvedObject.kind=Secret,reason=SecretChecked", "-o", "name")).EnsureSuccess().Stdout;
        Assert.Equal("event/s1.1\n", selected);
        var wide = (await kubectl.RunAsync("get", "ev", "s1.1", "-o", "wide")).EnsureSuccess().Stdout;
        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME", wide);
        Assert.Matches(@"secret/s1\s+test-controller\s+secret looked at\s+\S+\s+3\s+s1\.1", wide);
        var unsupported = await kubectl.RunAsync("get", "events", "--field-selector", "note=x");
        Assert.Contains("field label not supported: note", unsupported.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_events_and_the_events_k8s_io_view_show_the_same_objects()
    {
        var kubectl = Kubectl("1.32");
        (await kubectl.RunAsync("create", "configmap", "c2", "--from-literal", "a=b")).EnsureSuccess();
        await CreateEventAsync(kubectl, "c2.1", "default", "ConfigMap", "c2", "default", "configmap", "Viewed", "seen twice over");

        var events = (await kubectl.RunAsync("events", "--for", "configmap/c2")).EnsureSuccess().Stdout;
        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE", events);
        Assert.Matches(@"\(x3 over \S+\)\s+Warning\s+Viewed\s+ConfigMap/c2\s+seen twice over", events);
        var view = (await kubectl.RunAsync("get", "events.v1.events.k8s.io", "c2.1", "-o", "jsonpath={.regarding.name} {.note} {.deprecatedCount} {.deprecatedSource.component}")).EnsureSuccess().Stdout;
        Assert.Equal("c2 seen twice over 3 test-controller", view);
    }

    private Kubectl Kubectl(string version) => new(
        version == "1.20"
            ? KubectlBinaries.Debian120 ?? throw new InvalidOperationException("Debian's kubectl 1.20 is not unpacked under .build/debian; scripts/test installs it")
            : KubectlBinaries.Dispatcher,
        _server.KubeconfigPath,
        _scratch.Path);

    private async Task CreateEventAsync(
        Kubectl kubectl, string eventName, string eventNamespace, string kind, string name, string objectNamespace, string resource, string reason, string message)
    {
        var uid = (await kubectl.RunAsync("get", resource, name, "-o", "jsonpath={.metadata.uid}")).EnsureSuccess().Stdout;
        var file = _scratch.File($"{eventName}.yaml");
        File.WriteAllText(file, EventManifests.About(eventName, eventNamespace, kind, name, objectNamespace, uid, reason, message));
        Assert.Contains($"event/{eventName} created", (await kubectl.RunAsync("create", "-f", file)).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }
}
