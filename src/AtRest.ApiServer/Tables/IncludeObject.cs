namespace AtRest.ApiServer.Tables;

/// <summary>The <c>includeObject</c> query parameter of a Table request: what each row's <c>object</c> holds.</summary>
internal enum IncludeObject
{
    /// <summary>No object.</summary>
    None,

    /// <summary>A PartialObjectMetadata (the default; kubectl reads namespace and labels from it).</summary>
    Metadata,

    /// <summary>The whole object.</summary>
    Object,
}
