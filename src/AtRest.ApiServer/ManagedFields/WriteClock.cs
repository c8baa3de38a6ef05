using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>The time a write records in its managedFields entry, from the server's <see cref="TimeProvider"/>.</summary>
internal static class WriteClock
{
    /// <summary>Now, for <paramref name="http"/>'s request.</summary>
    public static DateTimeOffset Now(HttpContext http) =>
        (http.RequestServices?.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
}
