using System.Text.Json;
using System.Text.Json.Serialization;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>The JSON form of the key-lifecycle reports, shared by the server's endpoints and the CLI that reads them.</summary>
public static class LifecycleJson
{
    /// <summary>camelCase, indented, enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
