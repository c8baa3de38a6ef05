namespace AtRest.ApiServer.Resources.Schemas;

/// <summary>
/// The apimachinery pieces every kind's schema is built from (kube's <c>meta/v1</c> types and their descriptions, as
/// kube-apiserver publishes them), and the <c>apiVersion</c>/<c>kind</c>/<c>metadata</c> fields of a top-level object.
/// </summary>
internal static class SharedSchemas
{
    /// <summary>The name of <c>ObjectMeta</c>'s definition.</summary>
    public const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>The name of <c>ListMeta</c>'s definition.</summary>
    public const string ListMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    /// <summary>The <c>apiVersion</c> field of a top-level object.</summary>
    public static readonly SchemaProperty ApiVersion = new("apiVersion", Schema.String("APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"));

    /// <summary>The <c>kind</c> field of a top-level object.</summary>
    public static readonly SchemaProperty Kind = new("kind", Schema.String("Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"));

    /// <summary>The <c>metadata</c> field of a stored object.</summary>
    public static readonly SchemaProperty Metadata = new("metadata", Schema.Ref(ObjectMetaName, "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"));

    /// <summary>The <c>metadata</c> field of a list.</summary>
    public static readonly SchemaProperty ListMetadata = new("metadata", Schema.Ref(ListMetaName, "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"));

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>.</summary>
    public static readonly SchemaDefinition ObjectMetaDefinition = new(
        ObjectMetaName,
        Schema.Object(
            "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
            new("annotations", Schema.StringMap("Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: http://kubernetes.io/docs/user-guide/annotations")),
            new("creationTimestamp", Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")),
            new("deletionGracePeriodSeconds", Schema.Integer("Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.", "int64")),
            new("deletionTimestamp", Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")),
            new("finalizers", Schema.StringArray("Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list.") with { PatchStrategy = "merge", ListType = "set" }),
            new("generateName", Schema.String("GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will NOT return a 409 - instead, it will either return 201 Created or 500 with Reason ServerTimeout indicating a unique name could not be found in the time allotted, and the client should retry (optionally after the time indicated in the Retry-After header).\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency")),
            new("generation", Schema.Integer("A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.", "int64")),
            new("labels", Schema.StringMap("Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: http://kubernetes.io/docs/user-guide/labels")),
            new("managedFields", Schema.ArrayOf(Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", ""), "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object.") with { ListType = "atomic" }),
            new("name", Schema.String("Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/identifiers#names")),
            new("namespace", Schema.String("Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/namespaces")),
            new("ownerReferences", Schema.ArrayOf(Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", ""), "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller.") with { PatchStrategy = "merge", PatchMergeKey = "uid", ListType = "map", ListMapKeys = ["uid"] }),
            new("resourceVersion", Schema.String("An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency")),
            new("selfLink", Schema.String("SelfLink is a URL representing this object. Populated by the system. Read-only.\n\nDEPRECATED Kubernetes will stop propagating this field in 1.20 release and the field is planned to be removed in 1.21 release.")),
            new("uid", Schema.String("UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: http://kubernetes.io/docs/user-guide/identifiers#uids"))));

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta</c>.</summary>
    public static readonly SchemaDefinition ListMetaDefinition = new(
        ListMetaName,
        Schema.Object(
            "ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}.",
            new("continue", Schema.String("continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available. The value is opaque and may be used to issue another request to the endpoint that served this list to retrieve the next set of available objects. Continuing a consistent list may not be possible if the server configuration has changed or more than a few minutes have passed. The resourceVersion field returned when using this continue value will be identical to the value in the first response, unless you have received this token from an error message.")),
            new("remainingItemCount", Schema.Integer("remainingItemCount is the number of subsequent items in the list which are not included in this list response. If the list request contained label or field selectors, then the number of remaining items is unknown and the field will be left unset and omitted during serialization. If the list is complete (either because it is not chunking or because this is the last chunk), then there are no more remaining items and this field will be left unset and omitted during serialization. Servers older than v1.15 do not set this field. The intended use of the remainingItemCount is *estimating* the size of a collection. Clients should not rely on the remainingItemCount to be set or to be exact.", "int64")),
            new("resourceVersion", Schema.String("String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed. Value must be treated as opaque by clients and passed unmodified back to the server. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency")),
            new("selfLink", Schema.String("selfLink is a URL representing this object. Populated by the system. Read-only.\n\nDEPRECATED Kubernetes will stop propagating this field in 1.20 release and the field is planned to be removed in 1.21 release."))));

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference</c>.</summary>
    public static readonly SchemaDefinition OwnerReferenceDefinition = new(
        "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
        Schema.Object(
            "OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.",
            new("apiVersion", Schema.String("API version of the referent.")),
            new("blockOwnerDeletion", Schema.Boolean("If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed. Defaults to false. To set this field, a user needs \"delete\" permission of the owner, otherwise 422 (Unprocessable Entity) will be returned.")),
            new("controller", Schema.Boolean("If true, this reference points to the managing controller.")),
            new("kind", Schema.String("Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds")),
            new("name", Schema.String("Name of the referent. More info: http://kubernetes.io/docs/user-guide/identifiers#names")),
            new("uid", Schema.String("UID of the referent. More info: http://kubernetes.io/docs/user-guide/identifiers#uids"))) with { Required = ["apiVersion", "kind", "name", "uid"] });

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry</c>.</summary>
    public static readonly SchemaDefinition ManagedFieldsEntryDefinition = new(
        "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
        Schema.Object(
            "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
            new("apiVersion", Schema.String("APIVersion defines the version of this resource that this field set applies to. The format is \"group/version\" just like the top-level APIVersion field. It is necessary to track the version of a field set because it cannot be automatically converted.")),
            new("fieldsType", Schema.String("FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: \"FieldsV1\"")),
            new("fieldsV1", Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1", "FieldsV1 holds the first JSON version format as described in the \"FieldsV1\" type.")),
            new("manager", Schema.String("Manager is an identifier of the workflow managing these fields.")),
            new("operation", Schema.String("Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'.")),
            new("time", Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time", "Time is timestamp of when these fields were set. It should always be empty if Operation is 'Apply'"))));

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.Time</c>.</summary>
    public static readonly SchemaDefinition TimeDefinition = new("io.k8s.apimachinery.pkg.apis.meta.v1.Time", Schema.String("Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.", "date-time"));

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1</c>.</summary>
    public static readonly SchemaDefinition FieldsV1Definition = new("io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1", Schema.Object(
        "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff"));

    /// <summary><c>Patch</c>: what every patch operation's body refers to.</summary>
    public static readonly SchemaDefinition PatchDefinition = new(
        "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
        Schema.Object("Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."));

    /// <summary>All of them, for the documents' definitions.</summary>
    public static IReadOnlyList<SchemaDefinition> All { get; } =
        [ObjectMetaDefinition, ListMetaDefinition, OwnerReferenceDefinition, ManagedFieldsEntryDefinition, TimeDefinition, FieldsV1Definition, PatchDefinition];
}
