using System.Diagnostics;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

/// <summary>
/// A real, small file system: a tmpfs of a fixed size mounted on a fresh folder (the tests run as root), so that a
/// disk really fills up. Disposal unmounts it (lazily, should a process still hold a file) and deletes the folder.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly TempDirectory _mountPoint = new("tmpfs");
    private bool _mounted;

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB; throws with mount's message when it cannot.</summary>
    public TmpfsMount(int megabytes)
    {
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", _mountPoint.Path);
            _mounted = true;
        }
        catch
        {
            _mountPoint.Dispose();
            throw;
        }
    }

    /// <summary>The mounted folder.</summary>
    public string Path => _mountPoint.Path;

    /// <summary>Writes a file of zeros until the file system has no space left, so that the next write fails.</summary>
    public void FillUp()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, $"filler-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // No space left on device: full, as wanted.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_mounted)
        {
            _mounted = false;
            Run("umount", "-l", Path);
        }

        _mountPoint.Dispose();
    }

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }
}
