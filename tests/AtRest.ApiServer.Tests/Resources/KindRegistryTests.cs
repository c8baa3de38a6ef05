using AtRest.ApiServer.Discovery.OpenApi;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.Encryption;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Resources;

/// <summary>The registry of served kinds: what it holds, what it refuses, and that storage keys did not move.</summary>
public sealed class KindRegistryTests
{
    public static TheoryData<string> BuiltIn => new(KindRegistry.BuiltIn.All.Select(k => $"{k.GroupVersion} {k.Kind}"));

    [Fact]
    public void Serves_the_core_kinds_the_reviews_and_rbac_in_discovery_order()
    {
        Assert.Equal(
            ["v1 Secret", "v1 ConfigMap", "v1 Namespace", "v1 Event", "events.k8s.io/v1 Event", "authentication.k8s.io/v1 SelfSubjectReview",
             "authentication.k8s.io/v1beta1 SelfSubjectReview", "authorization.k8s.io/v1 SelfSubjectAccessReview",
             "authorization.k8s.io/v1 SelfSubjectRulesReview", "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
             "rbac.authorization.k8s.io/v1 ClusterRole", "rbac.authorization.k8s.io/v1 RoleBinding", "rbac.authorization.k8s.io/v1 Role"],
            KindRegistry.BuiltIn.All.Select(k => $"{k.GroupVersion} {k.Kind}"));
        Assert.Equal(["events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "rbac.authorization.k8s.io"], KindRegistry.BuiltIn.Groups.Select(g => g.Group));
        Assert.Equal(["v1", "v1beta1"], KindRegistry.BuiltIn.Groups[1].Versions);
        Assert.Equal(["secrets", "configmaps", "namespaces", "events", "events", "clusterrolebindings", "clusterroles", "rolebindings", "roles"],
            KindRegistry.BuiltIn.Stored.Select(k => k.Resource));
    }

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public void Every_kind_has_a_schema_with_its_type_fields_and_a_way_to_be_served(string name)
    {
        var kind = Kind(name);
        var fields = kind.Schema.Root.Schema.Properties.Select(p => p.Name).ToList();
        Assert.Contains("apiVersion", fields);
        Assert.Contains("kind", fields);
        Assert.Contains("metadata", fields);
        Assert.EndsWith("." + kind.Kind, kind.Schema.Root.Name, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(kind.Schema.Root.Schema.Description));
        Assert.True(kind.IsStored ^ (kind.Create is not null));
        if (kind.IsStored)
        {
            Assert.Same(kind, kind.Strategy!().Definition);
            Assert.False(string.IsNullOrEmpty(kind.Schema.ListDescription));
            Assert.False(string.IsNullOrEmpty(kind.Schema.ItemsDescription));
        }
    }

    [Fact]
    public void Every_reference_in_every_schema_resolves()
    {
        var definitions = OpenApiDefinitions.For(KindRegistry.BuiltIn.All);
        var names = definitions.Select(d => d.Definition.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(definitions.SelectMany(d => d.Definition.Schema.References()), reference => Assert.Contains(reference, names));
        Assert.Contains("io.k8s.api.core.v1.SecretList", names);
        Assert.Contains("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), definitions.Select(d => d.Definition.Name));
    }

    [Fact]
    public void A_schema_naming_a_definition_nobody_defines_is_refused_by_name()
    {
        var broken = WidgetKind.Registration with
        {
            Schema = new(new("io.atrest.test.v1.Broken", AtRest.ApiServer.Resources.Schemas.Schema.Object(
                "Broken.", new AtRest.ApiServer.Resources.Schemas.SchemaProperty("spec", AtRest.ApiServer.Resources.Schemas.Schema.Ref("io.atrest.test.v1.Missing", "")))), []),
        };

        var error = Assert.Throws<InvalidOperationException>(() => OpenApiDefinitions.For([broken]));
        Assert.Contains("io.atrest.test.v1.Missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_registered_twice_in_one_group_version_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => KindRegistry.BuiltIn.With(SecretKind.Registration with { Kind = "Other" }));
        Assert.StartsWith("resource secrets of v1 is registered twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_neither_stored_nor_answered_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => KindRegistry.BuiltIn.With(WidgetKind.Registration with { Strategy = null }));
        Assert.StartsWith("Widget of test.atrest.io/v1 needs exactly one of a strategy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_keys_of_the_core_kinds_are_unchanged()
    {
        using var directory = new TempDirectory("kinds");
        await using var store = SqliteKeyValueStore.Open(directory.File("state.db"));
        var api = new ApiServices(new KubernetesApiOptions
        {
            Store = store,
            Transformers = ResourceTransformers.IdentityOnly,
            Kinds = KindRegistry.BuiltIn.With(WidgetKind.Registration),
        });

        Assert.Equal("/registry/secrets/default/s", api.Secrets.KeyOrNull("default", "s"));
        Assert.Equal("/registry/configmaps/kube-system/c", api.ConfigMaps.KeyOrNull("kube-system", "c"));
        Assert.Equal("/registry/namespaces/team-a", api.Namespaces.KeyOrNull(null, "team-a"));
        Assert.Equal("/registry/widgets/default/w", api.Store(WidgetKind.Registration).KeyOrNull("default", "w"));
        Assert.Equal("/registry/events/default/e", api.Store(EventKind.Registration).KeyOrNull("default", "e"));
        Assert.Equal("/registry/events/default/e", api.Store(EventsV1Kind.Registration).KeyOrNull("default", "e"));
        Assert.Equal("/registry/roles/default/r", api.Store(RoleKind.Registration).KeyOrNull("default", "r"));
        Assert.Equal("/registry/rolebindings/default/b", api.Store(RoleBindingKind.Registration).KeyOrNull("default", "b"));
        Assert.Equal("/registry/clusterroles/admin", api.Store(ClusterRoleKind.Registration).KeyOrNull(null, "admin"));
        Assert.Equal("/registry/clusterrolebindings/cluster-admin", api.Store(ClusterRoleBindingKind.Registration).KeyOrNull(null, "cluster-admin"));
        Assert.Equal(["secrets", "configmaps", "events", "rolebindings", "roles", "widgets"], api.NamespacedStores.Select(s => s.Strategy.Definition.Resource));
    }

    private static KindRegistration Kind(string name) => KindRegistry.BuiltIn.All.Single(k => $"{k.GroupVersion} {k.Kind}" == name);
}
