using AtRest.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>Picks the response form from the Accept header, in the order the client listed (as kube-apiserver).</summary>
internal static class ResponseNegotiation
{
    private const string MetaGroup = "meta.k8s.io";

    /// <summary>The media types offered, for 406 messages.</summary>
    public static readonly string[] Offered = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

    /// <summary>The chosen form and, for Table/PartialObjectMetadata, the <c>meta.k8s.io</c> version (v1 or v1beta1).</summary>
    public static (ResponseFormat Format, string MetaVersion) Choose(HttpRequest request)
    {
        var ranges = MediaRange.ParseAccept(request.Headers.Accept.ToString());
        if (ranges.Count == 0)
        {
            return (ResponseFormat.Json, "v1");
        }

        foreach (var range in ranges)
        {
            var conversion = range["as"];
            if (conversion is not null)
            {
                if (range.MediaType != "application/json" || range["g"] != MetaGroup || range["v"] is not ("v1" or "v1beta1"))
                {
                    continue;
                }

                switch (conversion)
                {
                    case "Table":
                        return (ResponseFormat.Table, range["v"]!);
                    case "PartialObjectMetadata" or "PartialObjectMetadataList":
                        return (ResponseFormat.PartialObjectMetadata, range["v"]!);
                    default:
                        continue;
                }
            }

            switch (range.MediaType)
            {
                case "application/json" or "application/*" or "*/*":
                    return (ResponseFormat.Json, "v1");
                case "application/yaml":
                    return (ResponseFormat.Yaml, "v1");
                case "application/vnd.kubernetes.protobuf":
                    return (ResponseFormat.Protobuf, "v1");
            }
        }

        throw ApiErrors.NotAcceptable(Offered);
    }
}
