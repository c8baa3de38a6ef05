using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace AtRest.KmsPlugin.Backends;

/// <summary>
/// Pkcs11Interop imports <c>dlopen</c> from "libdl", which glibc 2.34+ ships only as <c>libdl.so.2</c> (the unversioned
/// name comes with the -dev package). The resolver points that import at the versioned library.
/// </summary>
internal static class Pkcs11NativeLoader
{
    private static readonly Lazy<bool> Installed = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, path) =>
            name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
        return true;
    });

    public static void EnsureInstalled() => _ = Installed.Value;
}
