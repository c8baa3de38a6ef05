using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>Reads a watch response line by line; tells a stream the server ended (or cut) from one still open.</summary>
internal sealed class WatchStreamReader(Stream body) : IDisposable
{
    private readonly StreamReader reader = new(body);

    /// <summary>The next event, or null when the stream ended, cleanly or cut off (the client then re-watches).</summary>
    public async Task<JsonObject?> NextAsync(CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException)
        {
            // HttpIOException (response ended early) or a reset connection: the server closed the watch mid-line.
            return null;
        }

        if (line is null)
        {
            return null;
        }

        try
        {
            return (JsonObject)JsonNode.Parse(line)!;
        }
        catch (System.Text.Json.JsonException)
        {
            // The last line was cut off when the connection was dropped; the next read ends the stream.
            return await NextAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();
}
