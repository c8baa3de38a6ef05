using System.Runtime.InteropServices;

namespace AtRest.Cli.Commands.Run;

/// <summary>The few libc calls .NET does not offer: signals to a child, an atomic rename of a symlink, the filesystem type.</summary>
internal static partial class Native
{
    /// <summary>SIGHUP.</summary>
    public const int SigHup = 1;

    /// <summary>SIGINT.</summary>
    public const int SigInt = 2;

    /// <summary>SIGQUIT.</summary>
    public const int SigQuit = 3;

    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>rename(2): replaces <paramref name="to"/> atomically, a symlink being moved as itself.</summary>
    public static void RenameOrThrow(string from, string to)
    {
        if (Rename(from, to) != 0)
        {
            throw new IOException($"rename {from} -> {to}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>statfs(2)'s <c>f_type</c> of the filesystem holding <paramref name="path"/>, or null when it cannot be read.</summary>
    public static long? FileSystemType(string path)
    {
        // struct statfs on 64-bit Linux starts with the 8-byte f_type; the whole struct is 120 bytes (x86_64, arm64).
        Span<byte> buffer = stackalloc byte[256];
        return StatFs(path, ref MemoryMarshal.GetReference(buffer)) == 0 ? BitConverter.ToInt64(buffer[..8]) : null;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, ref byte buffer);
}
