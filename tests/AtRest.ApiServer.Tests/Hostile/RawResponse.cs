using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>An HTTP response read off a raw connection.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Headers">The header lines, names lower-cased.</param>
/// <param name="Body">The (de-chunked) body text.</param>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body as JSON, or null when it is not a JSON object.</summary>
    public JsonNode? Json => Body.StartsWith('{') ? JsonNode.Parse(Body) : null;

    /// <summary>The Status message, or the whole body when there is none.</summary>
    public string Message => Json?["message"]?.GetValue<string>() ?? Body;

    /// <inheritdoc />
    public override string ToString() => $"{Status} {Body}";
}
