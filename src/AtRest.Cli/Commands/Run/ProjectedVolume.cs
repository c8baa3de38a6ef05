using System.Runtime.Versioning;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// One volume on disk: creates its directory (0700) when missing, warns when it is not on a memory filesystem
/// (kubelet backs secret volumes with tmpfs), writes each version atomically and removes its files at the end.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ProjectedVolume
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly Action<string> _log;
    private readonly bool _removeOnDelete;
    private bool _createdDirectory;
    private bool _written;

    /// <summary>Creates the volume; nothing is written yet.</summary>
    public ProjectedVolume(VolumeProjection projection, bool removeOnDelete, Action<string> log, TimeProvider time)
    {
        Projection = projection;
        _removeOnDelete = removeOnDelete;
        _log = log;
        Writer = new AtomicWriter(projection.Directory, time);
    }

    /// <summary>What is projected where.</summary>
    public VolumeProjection Projection { get; }

    /// <summary>The writer of the directory.</summary>
    public AtomicWriter Writer { get; }

    /// <summary>Creates the directory and reports whether it is on tmpfs.</summary>
    public void Prepare()
    {
        var directory = Projection.Directory;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
            _createdDirectory = true;
        }

        switch (MemoryFileSystem.Contains(directory))
        {
            case false:
                _log($"warning: {directory} is not on tmpfs: the values of {Projection.Source} will be stored on disk "
                    + "(kubelet uses tmpfs; point the volume at /run/user/$UID or /dev/shm, or mount a tmpfs there)");
                break;
            case null:
                _log($"warning: cannot tell the filesystem type of {directory}");
                break;
        }
    }

    /// <summary>
    /// Writes the files for the first state of the object; a reference error (missing object or key) is thrown
    /// so that CMD is not started.
    /// </summary>
    public void WriteInitial(SourceObject? source)
    {
        if (Writer.Write(VolumePayload.Make(Projection, source)))
        {
            _log($"{Projection.Source}: {Describe(source)} written to {Projection.Directory}");
        }

        _written = true;
    }

    /// <summary>
    /// Follows a change: a new version is swapped in whole; a deleted object leaves the last files (kubelet keeps
    /// a volume whose object is gone) unless the volume is optional or <c>--remove-on-delete</c> was given.
    /// </summary>
    public void Update(SourceObject? source)
    {
        try
        {
            if (source is null && !Projection.Optional && (!_removeOnDelete || !_written))
            {
                _log(_written
                    ? $"{Projection.Source} was deleted; keeping the last files in {Projection.Directory}"
                    : $"error: volume {Projection.Text}: {Projection.Source.NotFoundMessage}; waiting for it");
                return;
            }

            var payload = source is null ? [] : VolumePayload.Make(Projection, source);
            if (Writer.Write(payload))
            {
                _log(source is null
                    ? $"{Projection.Source} was deleted; removed its files from {Projection.Directory}"
                    : $"{Projection.Source}: {Describe(source)} written to {Projection.Directory}");
            }

            _written = true;
        }
        catch (Exception e) when (e is DeliveryException or IOException or UnauthorizedAccessException)
        {
            _log($"error: {e.Message}; keeping the last files in {Projection.Directory}");
        }
    }

    /// <summary>Removes the files, and the directory when this volume created it.</summary>
    public void Remove()
    {
        try
        {
            if (Directory.Exists(Projection.Directory))
            {
                Writer.Remove();
                if (_createdDirectory && !Directory.EnumerateFileSystemEntries(Projection.Directory).Any())
                {
                    Directory.Delete(Projection.Directory);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"warning: could not remove {Projection.Directory}: {e.Message}");
        }
    }

    private static string Describe(SourceObject? source) =>
        source is null ? "absent (optional), empty volume" : $"resourceVersion {source.ResourceVersion}";
}
