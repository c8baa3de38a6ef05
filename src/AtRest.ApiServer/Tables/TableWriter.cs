using System.Buffers;
using System.Text.Json;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Serialization;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tables;

/// <summary>
/// Writes <c>meta.k8s.io</c> Tables: kubectl get's server-side printing (secrets NAME TYPE DATA AGE, configmaps
/// NAME DATA AGE, namespaces NAME STATUS AGE). kubectl prints cells verbatim, so AGE is formatted here.
/// </summary>
internal static class TableWriter
{
    /// <summary>Reads the <c>includeObject</c> query value (default Metadata).</summary>
    public static IncludeObject ParseInclude(string? value) => value switch
    {
        null or "" or "Metadata" => IncludeObject.Metadata,
        "None" => IncludeObject.None,
        "Object" => IncludeObject.Object,
        _ => throw ApiErrors.BadRequest($"includeObject: Unsupported value: {ApiErrors.Quote(value)}: supported values: \"Metadata\", \"None\", \"Object\""),
    };

    /// <summary>The Table holding <paramref name="items"/>.</summary>
    /// <param name="strategy">The kind's columns.</param>
    /// <param name="items">The rows' objects.</param>
    /// <param name="metaVersion"><c>v1</c> or <c>v1beta1</c>, as asked.</param>
    /// <param name="resourceVersion">The list's (or the single object's) resourceVersion.</param>
    /// <param name="continueToken">The next page's token, or null.</param>
    /// <param name="include">What each row's <c>object</c> holds.</param>
    /// <param name="withColumns">Whether to write the column definitions (watch events after the first may omit them).</param>
    public static byte[] Write(
        ResourceStrategy strategy, IEnumerable<KubernetesResource> items, string metaVersion, string resourceVersion,
        string? continueToken, IncludeObject include, bool withColumns = true)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteTable(w, strategy, items, metaVersion, resourceVersion, continueToken, include, withColumns);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the Table into an open writer (watch events embed it).</summary>
    public static void WriteTable(
        Utf8JsonWriter w, ResourceStrategy strategy, IEnumerable<KubernetesResource> items, string metaVersion,
        string resourceVersion, string? continueToken, IncludeObject include, bool withColumns)
    {
        var now = DateTimeOffset.UtcNow;
        w.WriteStartObject();
        w.WriteString("kind", "Table");
        w.WriteString("apiVersion", "meta.k8s.io/" + metaVersion);
        w.WriteStartObject("metadata");
        if (resourceVersion.Length > 0)
        {
            w.WriteString("resourceVersion", resourceVersion);
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            w.WriteString("continue", continueToken);
        }

        w.WriteEndObject();
        if (withColumns)
        {
            w.WriteStartArray("columnDefinitions");
            var wholeRow = strategy.Definition.ColumnsAreWholeRow;
            if (!wholeRow)
            {
                WriteColumn(w, TableColumn.NameColumn);
            }

            foreach (var c in strategy.Definition.Columns)
            {
                WriteColumn(w, c);
            }

            if (HasAge(strategy))
            {
                WriteColumn(w, TableColumn.AgeColumn);
            }

            foreach (var c in strategy.Definition.ColumnsAfterAge)
            {
                WriteColumn(w, c);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("columnDefinitions");
        }

        w.WriteStartArray("rows");
        foreach (var item in items)
        {
            WriteRow(w, strategy, item, metaVersion, include, now);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCell(Utf8JsonWriter w, object cell)
    {
        switch (cell)
        {
            case int n:
                w.WriteNumberValue(n);
                break;
            default:
                w.WriteStringValue(cell.ToString());
                break;
        }
    }

    private static void WriteAge(Utf8JsonWriter w, ResourceStrategy strategy, KubernetesResource item, DateTimeOffset now)
    {
        if (HasAge(strategy))
        {
            w.WriteStringValue(item.Metadata.CreationTimestamp is { } created
                ? HumanDuration.Format(now - created.ToDateTimeOffset())
                : "<unknown>");
        }
    }

    private static bool HasAge(ResourceStrategy strategy) =>
        strategy.Definition.AgeColumn && !strategy.Definition.ColumnsAreWholeRow;

    private static void WriteColumn(Utf8JsonWriter w, TableColumn c)
    {
        w.WriteStartObject();
        w.WriteString("name", c.Name);
        w.WriteString("type", c.Type);
        w.WriteString("format", c.Format);
        w.WriteString("description", c.Description);
        w.WriteNumber("priority", c.Priority);
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, ResourceStrategy strategy, KubernetesResource item, string metaVersion, IncludeObject include, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteStartArray("cells");
        if (!strategy.Definition.ColumnsAreWholeRow)
        {
            w.WriteStringValue(item.Metadata.Name);
        }

        // ExtraCells holds the cells of Columns then of ColumnsAfterAge; AGE, when the kind has it, goes between.
        var cells = strategy.ExtraCells(item);
        var beforeAge = strategy.Definition.Columns.Count;
        for (var i = 0; i < cells.Length; i++)
        {
            if (i == beforeAge)
            {
                WriteAge(w, strategy, item, now);
            }

            WriteCell(w, cells[i]);
        }

        if (cells.Length <= beforeAge)
        {
            WriteAge(w, strategy, item, now);
        }

        w.WriteEndArray();
        switch (include)
        {
            case IncludeObject.Metadata:
                w.WritePropertyName("object");
                MetadataJson.WritePartialObjectMetadata(w, item, metaVersion);
                break;
            case IncludeObject.Object:
                w.WritePropertyName("object");
                w.WriteRawValue(ObjectCodec.ToJson(item), skipInputValidation: true);
                break;
        }

        w.WriteEndObject();
    }
}
