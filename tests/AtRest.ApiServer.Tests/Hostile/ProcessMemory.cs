using System.Globalization;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>A process's memory as the kernel counts it, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set size now (<c>VmRSS</c>), in bytes.</summary>
    public static long ResidentBytes(int pid) => Field(pid, "VmRSS:");

    /// <summary>Peak resident set size since the process started (<c>VmHWM</c>), in bytes.</summary>
    public static long PeakResidentBytes(int pid) => Field(pid, "VmHWM:");

    // Lines look like "VmRSS:\t  187532 kB".
    private static long Field(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var parts = line[name.Length..].Split(' ', '\t').Where(p => p.Length > 0).ToArray();
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {name} line");
    }
}
