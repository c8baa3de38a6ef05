namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>A parsed YAML or JSON node, kept with its source line for Go-style error texts.</summary>
internal abstract record DocumentNode(int Line);
