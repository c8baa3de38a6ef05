namespace AtRest.ApiServer.Audit;

/// <summary>The audit flags of <c>atrest server</c>, loaded and checked: audit runs only when these are given.</summary>
public sealed class AuditOptions
{
    /// <summary><c>--audit-policy-file</c>, loaded; <see cref="AuditPolicy.MetadataForEverything"/> without the flag.</summary>
    public required AuditPolicy Policy { get; init; }

    /// <summary><c>--audit-log-path</c>; <c>-</c> is standard output.</summary>
    public required string LogPath { get; init; }

    /// <summary><c>--audit-log-maxage</c>: days to keep rotated files (0: no limit).</summary>
    public int MaxAgeDays { get; init; }

    /// <summary><c>--audit-log-maxbackup</c>: rotated files to keep (0: no limit).</summary>
    public int MaxBackups { get; init; }

    /// <summary><c>--audit-log-maxsize</c>: megabytes before the file is rotated (0: lumberjack's 100).</summary>
    public int MaxSizeMegabytes { get; init; }

    /// <summary>Fingerprints secret values with the data directory's key.</summary>
    public required ValueFingerprinter Fingerprinter { get; init; }

    /// <summary>The flags' problems in kube-apiserver's words (<c>AuditLogOptions.Validate</c>).</summary>
    public static IReadOnlyList<string> Validate(int maxAgeDays, int maxBackups, int maxSizeMegabytes)
    {
        var errors = new List<string>();
        if (maxAgeDays < 0)
        {
            errors.Add($"--audit-log-maxage {maxAgeDays} can't be a negative number");
        }

        if (maxBackups < 0)
        {
            errors.Add($"--audit-log-maxbackup {maxBackups} can't be a negative number");
        }

        if (maxSizeMegabytes < 0)
        {
            errors.Add($"--audit-log-maxsize {maxSizeMegabytes} can't be a negative number");
        }

        return errors;
    }

    internal IAuditLogTarget OpenTarget(TimeProvider time) => LogPath == "-"
        ? new StandardOutputAuditLog()
        : new RotatingLogFile(LogPath, MaxSizeMegabytes, MaxBackups, MaxAgeDays, time);
}
