using System.Globalization;

namespace AtRest.ApiServer.Controllers;

/// <summary>How the namespace controller paces itself.</summary>
internal sealed record NamespaceFinalizerOptions
{
    /// <summary>
    /// Hidden test override: milliseconds to wait after each page of deleted keys, so that a test can kill the server
    /// in the middle of emptying a namespace.
    /// </summary>
    public const string PageDelayVariable = "ATREST_NAMESPACE_FINALIZER_PAGE_DELAY_MS";

    /// <summary>Keys deleted per storage range.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The pause after each page (none by default).</summary>
    public TimeSpan PageDelay { get; init; }

    /// <summary>How often Terminating namespaces are looked at again without a notice (another server's deletes, finalizers removed by update).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The defaults with the hidden test override from the environment applied.</summary>
    /// <exception cref="ArgumentException">The override is not a non-negative whole number; the message names the variable.</exception>
    public static NamespaceFinalizerOptions FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(PageDelayVariable);
        if (string.IsNullOrEmpty(text))
        {
            return new NamespaceFinalizerOptions();
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? new NamespaceFinalizerOptions { PageDelay = TimeSpan.FromMilliseconds(milliseconds) }
            : throw new ArgumentException($"{PageDelayVariable}={text} is not a whole number of milliseconds");
    }
}
