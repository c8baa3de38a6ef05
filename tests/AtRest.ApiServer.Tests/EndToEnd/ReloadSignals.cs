using System.Text.RegularExpressions;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>Waits for the server's reload metric, read through <c>kubectl get --raw /metrics</c>.</summary>
internal static partial class ReloadSignals
{
    /// <summary>Waits until <c>..._automatic_reloads_total{status="success"}</c> has grown by one.</summary>
    public static async Task WaitForSuccessfulReloadAsync(Kubectl kubectl, AtRestServer server, double before = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var metrics = (await kubectl.RunAsync("get", "--raw", "/metrics")).EnsureSuccess().Stdout;
            if (Count(metrics, "success") > before)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no successful reload within 30 s. Metrics:\n{metrics}\nServer log:\n{server.Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>The value of the reload counter with <paramref name="status"/>, 0 when absent.</summary>
    public static double Count(string metrics, string status)
    {
        var match = Regex.Match(metrics,
            $@"^apiserver_encryption_config_controller_automatic_reloads_total\{{[^}}]*status=""{status}""[^}}]*\}} (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
