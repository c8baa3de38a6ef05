using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Schemas;
using AtRest.ApiServer.Resources.Unstructured;
using AtRest.ApiServer.Serialization;

namespace AtRest.ApiServer.Tests.Resources;

/// <summary>
/// A throwaway kind, <c>widgets.test.atrest.io/v1</c>, added with this one file and nothing else: the tests that serve
/// it prove that routes, discovery, OpenAPI, the codec and the storage key all follow from a registration.
/// </summary>
internal static class WidgetKind
{
    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "test.atrest.io",
        Version = "v1",
        Kind = "Widget",
        Resource = "widgets",
        SingularName = "widget",
        Namespaced = true,
        ShortNames = ["wdg"],
        Categories = ["all"],
        Verbs = KindVerbs.All,
        Schema = new(
            new("io.atrest.test.v1.Widget", Schema.Object(
                "Widget is a throwaway kind that proves a kind is one registration.",
                SharedSchemas.ApiVersion,
                SharedSchemas.Kind,
                SharedSchemas.Metadata,
                new("spec", Schema.Ref("io.atrest.test.v1.WidgetSpec", "Spec is what the widget should look like.")))),
            [
                new("io.atrest.test.v1.WidgetSpec", Schema.Object(
                    "WidgetSpec describes a widget.",
                    new("color", Schema.String("Color of the widget, as a CSS colour name.")),
                    new("sizes", Schema.StringArray("Sizes the widget comes in.") with { ListType = "set" }))),
            ])
        {
            ListDescription = "WidgetList is a list of Widgets.",
            ItemsDescription = "Items is the list of Widgets.",
        },
        Strategy = () => new UnstructuredStrategy(Registration!),
        Codec = UnstructuredCodec.Instance,
    };
}
