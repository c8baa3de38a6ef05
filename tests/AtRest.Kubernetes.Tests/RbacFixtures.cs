using AtRest.Tests.Shared;

namespace AtRest.Kubernetes.Tests;

/// <summary>The upstream round-trip fixtures in <c>tests/testdata/k8s-fixtures/{version}/rbac.authorization.k8s.io.v1.{Kind}.{pb,json,yaml}</c>.</summary>
internal static class RbacFixtures
{
    public static TheoryData<string, string> All
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var version in new[] { "HEAD", "v1.33.0" })
            {
                foreach (var kind in new[] { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" })
                {
                    data.Add(version, kind);
                }
            }

            return data;
        }
    }

    public static byte[] Bytes(string version, string kind, string extension) =>
        File.ReadAllBytes(Path(version, kind, extension));

    public static string Text(string version, string kind, string extension) =>
        File.ReadAllText(Path(version, kind, extension));

    private static string Path(string version, string kind, string extension) =>
        SharedData.Path("k8s-fixtures", version, $"rbac.authorization.k8s.io.v1.{kind}.{extension}");
}
