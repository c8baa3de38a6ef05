using AtRest.Encryption.Configuration.Validation;

namespace AtRest.Encryption.Configuration.Model;

/// <summary>A named key; the secret is base64 text and never printed.</summary>
internal sealed class KeyConfiguration
{
    public string Name { get; set; } = "";

    public string Secret { get; set; } = "";

    public string ToGoJson() => "{\"Name\":" + GoFormat.JsonString(Name) + ",\"Secret\":\"REDACTED\"}";

    public override string ToString() => $"Name: {Name}, Secret: [REDACTED]";
}
