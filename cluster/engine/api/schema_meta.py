"""The types of k8s.io/apimachinery that every kind shares: ObjectMeta, ListMeta, Status,
DeleteOptions, LabelSelector, and the scalars Time, MicroTime, Quantity and IntOrString."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define, primitive

DEFINITIONS = (
    primitive(
        "meta.v1.Time",
        "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.",
        type="string",
        format="date-time",
    ),
    primitive(
        "meta.v1.MicroTime",
        "MicroTime is version of Time with microsecond level precision.",
        type="string",
        format="date-time",
    ),
    primitive(
        "meta.v1.Duration",
        "Duration is a wrapper around time.Duration which supports correct marshaling to YAML and JSON.",
        type="string",
    ),
    primitive(
        "meta.v1.FieldsV1",
        "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.",
        type="object",
    ),
    primitive(
        "meta.v1.Patch",
        "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
        type="object",
    ),
    primitive(
        "resource.Quantity",
        "Quantity is a fixed-point representation of a number.",
        oneOf=[{"type": "string"}, {"type": "number"}],
    ),
    primitive(
        "runtime.RawExtension",
        "RawExtension is used to hold extensions in external versions.",
        type="object",
    ),
    primitive(
        "intstr.IntOrString",
        "IntOrString is a type that can hold an int32 or a string.",
        format="int-or-string",
        oneOf=[{"type": "integer"}, {"type": "string"}],
        **{"x-kubernetes-int-or-string": True},
    ),
    define(
        "meta.v1.DeleteOptions",
        "DeleteOptions may be provided when deleting an API object.",
        """
        apiVersion                                        string                 APIVersion defines the versioned schema of this representation of an object.
        dryRun                                            []string               When present, indicates that modifications should not be persisted.
        gracePeriodSeconds                                int64                  The duration in seconds before the object should be deleted.
        ignoreStoreReadErrorWithClusterBreakingPotential  boolean                if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.
        kind                                              string                 Kind is a string value representing the REST resource this object represents.
        orphanDependents                                  boolean                Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.
        preconditions                                     meta.v1.Preconditions  Must be fulfilled before a deletion is carried out.
        propagationPolicy                                 string                 Whether and how garbage collection will be performed.
        """,
        gvk=("", "v1", "DeleteOptions"),
    ),
    define(
        "meta.v1.FieldSelectorRequirement",
        "FieldSelectorRequirement is a selector that contains values, a key, and an operator that relates the key and values.",
        """
        key       string!   key is the field selector key that the requirement applies to.
        operator  string!   operator represents a key's relationship to a set of values.
        values    []string  values is an array of string values.
        """,
    ),
    define(
        "meta.v1.LabelSelector",
        "A label selector is a label query over a set of resources.",
        """
        matchExpressions  []meta.v1.LabelSelectorRequirement  matchExpressions is a list of label selector requirements.
        matchLabels       {}string                            matchLabels is a map of {key,value} pairs.
        """,
        map_type="atomic",
    ),
    define(
        "meta.v1.LabelSelectorRequirement",
        "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
        """
        key       string!   key is the label key that the selector applies to.
        operator  string!   operator represents a key's relationship to a set of values.
        values    []string  values is an array of string values.
        """,
    ),
    define(
        "meta.v1.ListMeta",
        "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.",
        """
        continue            string             continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available.
        remainingItemCount  int64              remainingItemCount is the number of subsequent items in the list which are not included in this list response.
        resourceVersion     string             String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed.
        selfLink            string             Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.
        shardInfo           meta.v1.ShardInfo
        """,
    ),
    define(
        "meta.v1.ManagedFieldsEntry",
        "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
        """
        apiVersion   string            APIVersion defines the version of this resource that this field set applies to.
        fieldsType   string            FieldsType is the discriminator for the different fields format and version.
        fieldsV1     meta.v1.FieldsV1  FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.
        manager      string            Manager is an identifier of the workflow managing these fields.
        operation    string            Operation is the type of operation which lead to this ManagedFieldsEntry being created.
        subresource  string            Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.
        time         meta.v1.Time      Time is the timestamp of when the ManagedFields entry was added.
        """,
    ),
    define(
        "meta.v1.ObjectMeta",
        "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
        """
        annotations                 {}string                      Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.
        creationTimestamp           meta.v1.Time                  CreationTimestamp is a timestamp representing the server time when this object was created.
        deletionGracePeriodSeconds  int64                         Number of seconds allowed for this object to gracefully terminate before it will be removed from the system.
        deletionTimestamp           meta.v1.Time                  DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.
        finalizers                  []string                      @strategy=merge @list=set Must be empty before the object is deleted from the registry.
        generateName                string                        GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.
        generation                  int64                         A sequence number representing a specific generation of the desired state.
        labels                      {}string                      Map of string keys and values that can be used to organize and categorize (scope and select) objects.
        managedFields               []meta.v1.ManagedFieldsEntry  ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.
        name                        string                        Name must be unique within a namespace.
        namespace                   string                        Namespace defines the space within which each name must be unique.
        ownerReferences             []meta.v1.OwnerReference      @merge=uid @strategy=merge @list=map @keys=uid List of objects depended by this object.
        resourceVersion             string                        An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed.
        selfLink                    string                        Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.
        uid                         string                        UID is the unique in time and space value for this object.
        """,
    ),
    define(
        "meta.v1.OwnerReference",
        "OwnerReference contains enough information to let you identify an owning object.",
        """
        apiVersion          string!  API version of the referent.
        blockOwnerDeletion  boolean  If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.
        controller          boolean  If true, this reference points to the managing controller.
        kind                string!  Kind of the referent.
        name                string!  Name of the referent.
        uid                 string!  UID of the referent.
        """,
    ),
    define(
        "meta.v1.Preconditions",
        "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.",
        """
        resourceVersion  string  Specifies the target ResourceVersion
        uid              string  Specifies the target UID.
        """,
    ),
    define(
        "meta.v1.ShardInfo",
        "ShardInfo describes the shard selector that was applied to produce a list response.",
        """
        selector  string!  selector is the shard selector string from the request, echoed back so clients can verify which shard they received and merge responses from multiple shards.
        """,
    ),
    define(
        "meta.v1.Status",
        "Status is a return value for calls that don't return other objects.",
        """
        apiVersion  string                 APIVersion defines the versioned schema of this representation of an object.
        code        int32                  Suggested HTTP return code for this status, 0 if not set.
        details     meta.v1.StatusDetails  Extended data associated with the reason.
        kind        string                 Kind is a string value representing the REST resource this object represents.
        message     string                 A human-readable description of the status of this operation.
        metadata    meta.v1.ListMeta       Standard list metadata.
        reason      string                 A machine-readable description of why this operation is in the "Failure" status.
        status      string                 Status of the operation.
        """,
        gvk=("", "v1", "Status"),
    ),
    define(
        "meta.v1.StatusCause",
        "StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.",
        """
        field    string  The field of the resource that has caused this error, as named by its JSON serialization.
        message  string  A human-readable description of the cause of the error.
        reason   string  A machine-readable description of the cause of the error.
        """,
    ),
    define(
        "meta.v1.StatusDetails",
        "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.",
        """
        causes             []meta.v1.StatusCause  The Causes array includes more details associated with the StatusReason failure.
        group              string                 The group attribute of the resource associated with the status StatusReason.
        kind               string                 The kind attribute of the resource associated with the status StatusReason.
        name               string                 The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).
        retryAfterSeconds  int32                  If specified, the time in seconds before the operation should be retried.
        uid                string                 UID of the resource.
        """,
    ),
)
