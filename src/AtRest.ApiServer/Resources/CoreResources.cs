using AtRest.ApiServer.Resources.Kinds;

namespace AtRest.ApiServer.Resources;

/// <summary>The stored kinds of the built-in registry, by name, for the offline tools (import, export, metrics labels).</summary>
internal static class CoreResources
{
    /// <summary>Secrets.</summary>
    public static KindRegistration Secrets => SecretKind.Registration;

    /// <summary>ConfigMaps.</summary>
    public static KindRegistration ConfigMaps => ConfigMapKind.Registration;

    /// <summary>Namespaces.</summary>
    public static KindRegistration Namespaces => NamespaceKind.Registration;

    /// <summary>Every stored kind, in discovery order.</summary>
    public static IReadOnlyList<KindRegistration> All { get; } = [.. KindRegistry.BuiltIn.Stored.DistinctBy(k => k.StorageSegment)];
}
