using System.Net;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>A watch of the default namespace's configmaps that must still deliver after a request timeout has passed.</summary>
internal static class WatchOutlivingTimeout
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    /// <summary>
    /// Opens <c>?watch=true</c> plus <paramref name="query"/>, waits <paramref name="wait"/>, creates a configmap and
    /// asserts that the watch delivers it.
    /// </summary>
    public static async Task AssertDeliversAfterAsync(HttpClient admin, string query, TimeSpan wait)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var response = await admin.GetAsync($"{ConfigMaps}?watch=true{query}", HttpCompletionOption.ResponseHeadersRead, cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel);
        using var reader = new StreamReader(stream);
        var line = reader.ReadLineAsync(cancel).AsTask();

        await Task.Delay(wait, cancel);
        using var created = await admin.PostAsync(ConfigMaps,
            new StringContent("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"after-timeout\"}}",
                System.Text.Encoding.UTF8, "application/json"), cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await line.WaitAsync(TimeSpan.FromSeconds(30), cancel);
        Assert.Contains("after-timeout", first, StringComparison.Ordinal);
    }
}
