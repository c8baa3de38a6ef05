namespace AtRest.ApiServer.Http;

/// <summary>The forms an object or list can be sent in.</summary>
internal enum ResponseFormat
{
    /// <summary><c>application/json</c>.</summary>
    Json,

    /// <summary><c>application/yaml</c>.</summary>
    Yaml,

    /// <summary><c>application/vnd.kubernetes.protobuf</c>.</summary>
    Protobuf,

    /// <summary><c>application/json;as=Table;g=meta.k8s.io;v=v1</c> (or v1beta1): kubectl get's server-side printing.</summary>
    Table,

    /// <summary><c>as=PartialObjectMetadata</c> / <c>PartialObjectMetadataList</c>: metadata only.</summary>
    PartialObjectMetadata,
}
