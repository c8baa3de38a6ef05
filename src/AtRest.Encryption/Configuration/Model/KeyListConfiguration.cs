namespace AtRest.Encryption.Configuration.Model;

/// <summary>The body of <c>aescbc</c>, <c>aesgcm</c> and <c>secretbox</c>: an ordered key list (first key writes).</summary>
internal sealed class KeyListConfiguration
{
    public List<KeyConfiguration>? Keys { get; set; }
}
