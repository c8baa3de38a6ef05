using System.Text.Json;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>Reads an audit log as the events it holds; every line must parse as an audit.k8s.io/v1 Event.</summary>
internal sealed class AuditLogFile(string path)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The log's path.</summary>
    public string Path => path;

    /// <summary>The file's text (empty before the first event).</summary>
    public string Text => File.Exists(path) ? File.ReadAllText(path) : "";

    /// <summary>Every event in <paramref name="file"/>, each line checked to be one Event object.</summary>
    public static List<JsonElement> Parse(string file)
    {
        var events = new List<JsonElement>();
        foreach (var line in File.ReadAllLines(file))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement.Clone();
            Assert.Equal("Event", root.GetProperty("kind").GetString());
            Assert.Equal("audit.k8s.io/v1", root.GetProperty("apiVersion").GetString());
            events.Add(root);
        }

        return events;
    }

    /// <summary>The events of the request with <paramref name="auditId"/>, in order.</summary>
    public List<JsonElement> For(string auditId) => File.Exists(path)
        ? Parse(path).Where(e => e.GetProperty("auditID").GetString() == auditId).ToList()
        : [];

    /// <summary>Waits until the request with <paramref name="auditId"/> has its <paramref name="stage"/> event, and returns it.</summary>
    public async Task<JsonElement> WaitForAsync(string auditId, string stage = "ResponseComplete")
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        while (true)
        {
            var found = For(auditId).Where(e => e.GetProperty("stage").GetString() == stage).ToList();
            if (found.Count > 0)
            {
                return Assert.Single(found);
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {stage} event for audit ID {auditId} in {path}:\n{Text}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The property names of <paramref name="element"/>, in order.</summary>
    public static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
