using AtRest.Encryption;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>What the inventory scan did with one entry of a page: its resource, whether it was read, and the read.</summary>
internal readonly record struct PageRead(GroupResource Resource, PageReadKind Kind, StoredValueRead Read);
