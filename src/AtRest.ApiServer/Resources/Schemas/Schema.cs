namespace AtRest.ApiServer.Resources.Schemas;

/// <summary>Short constructors for <see cref="SchemaNode"/>s, so a kind's schema reads like its Go type.</summary>
internal static class Schema
{
    /// <summary>A string (with an optional format such as <c>byte</c> or <c>date-time</c>).</summary>
    public static SchemaNode String(string description, string? format = null) =>
        new() { Type = "string", Format = format, Description = description };

    /// <summary>A boolean.</summary>
    public static SchemaNode Boolean(string description) => new() { Type = "boolean", Description = description };

    /// <summary>An integer of <paramref name="format"/> <c>int32</c> or <c>int64</c>.</summary>
    public static SchemaNode Integer(string description, string format) =>
        new() { Type = "integer", Format = format, Description = description };

    /// <summary>A reference to the definition <paramref name="name"/>, described for the field that holds it.</summary>
    public static SchemaNode Ref(string name, string description) => new() { Ref = name, Description = description };

    /// <summary>An array of <paramref name="items"/>.</summary>
    public static SchemaNode ArrayOf(SchemaNode items, string description) =>
        new() { Type = "array", Items = items, Description = description };

    /// <summary>An array of strings.</summary>
    public static SchemaNode StringArray(string description) => ArrayOf(new() { Type = "string" }, description);

    /// <summary>A map of string to <paramref name="values"/>.</summary>
    public static SchemaNode MapOf(SchemaNode values, string description) =>
        new() { Type = "object", AdditionalProperties = values, Description = description };

    /// <summary>A map of string to string.</summary>
    public static SchemaNode StringMap(string description) => MapOf(new() { Type = "string" }, description);

    /// <summary>A map of string to bytes (base64 in JSON).</summary>
    public static SchemaNode BytesMap(string description) => MapOf(new() { Type = "string", Format = "byte" }, description);

    /// <summary>An object with <paramref name="properties"/>.</summary>
    public static SchemaNode Object(string description, params SchemaProperty[] properties) =>
        new() { Type = "object", Description = description, Properties = properties };
}
