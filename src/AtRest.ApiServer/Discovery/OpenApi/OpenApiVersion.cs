namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>Which OpenAPI form is written: Swagger 2.0 (<c>/openapi/v2</c>) or 3.0 (<c>/openapi/v3/…</c>).</summary>
internal enum OpenApiVersion
{
    /// <summary>Swagger 2.0: references are <c>#/definitions/…</c>, parameters carry their type directly.</summary>
    V2,

    /// <summary>OpenAPI 3.0: references are <c>#/components/schemas/…</c>, wrapped in <c>allOf</c> when described.</summary>
    V3,
}
