"""core/v1 kinds other than Pod: Namespace, Node, ConfigMap, Secret, ServiceAccount, Event,
LimitRange, ResourceQuota, Binding, ReplicationController, PodTemplate, and the types they
hold."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "core.v1.AttachedVolume",
        "AttachedVolume describes a volume attached to a node",
        """
        devicePath  string!  DevicePath represents the device path where the volume should be available
        name        string!  Name of the attached volume
        """,
    ),
    define(
        "core.v1.Binding",
        "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta        Standard object's metadata.
        target      core.v1.ObjectReference!  The target object that you want to bind to the standard object.
        """,
        gvk=("", "v1", "Binding"),
    ),
    define(
        "core.v1.ComponentCondition",
        "Information about the condition of a component.",
        """
        error    string   Condition error code for a component.
        message  string   Message about the condition for a component.
        status   string!  Status of the condition for a component.
        type     string!  Type of condition for a component.
        """,
    ),
    define(
        "core.v1.ComponentStatus",
        "ComponentStatus (and ComponentStatusList) holds the cluster validation info. Deprecated: This API is deprecated in v1.19+",
        """
        apiVersion  string                         APIVersion defines the versioned schema of this representation of an object.
        conditions  []core.v1.ComponentCondition   List of component conditions observed
        kind        string                         Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta             Standard object's metadata.
        """,
        gvk=("", "v1", "ComponentStatus"),
    ),
    define(
        "core.v1.ComponentStatusList",
        "Status of all the conditions for the component as a list of ComponentStatus objects. Deprecated: This API is deprecated in v1.19+",
        """
        apiVersion  string                      APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.ComponentStatus!  List of ComponentStatus objects.
        kind        string                      Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta            Standard list metadata.
        """,
        gvk=("", "v1", "ComponentStatusList"),
    ),
    define(
        "core.v1.ConfigMap",
        "ConfigMap holds configuration data for pods to consume.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        binaryData  {}byte              BinaryData contains the binary data.
        data        {}string            Data contains the configuration data.
        immutable   boolean             Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  Standard object's metadata.
        """,
        gvk=("", "v1", "ConfigMap"),
    ),
    define(
        "core.v1.ConfigMapList",
        "ConfigMapList is a resource containing a list of ConfigMap objects.",
        """
        apiVersion  string                APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.ConfigMap!  Items is the list of ConfigMaps.
        kind        string                Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta      More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata
        """,
        gvk=("", "v1", "ConfigMapList"),
    ),
    define(
        "core.v1.ConfigMapNodeConfigSource",
        "ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node.",
        """
        kubeletConfigKey  string!  KubeletConfigKey declares which key of the referenced ConfigMap corresponds to the KubeletConfiguration structure This field is required in all cases.
        name              string!  Name is the metadata.name of the referenced ConfigMap.
        namespace         string!  Namespace is the metadata.namespace of the referenced ConfigMap.
        resourceVersion   string   ResourceVersion is the metadata.ResourceVersion of the referenced ConfigMap.
        uid               string   UID is the metadata.UID of the referenced ConfigMap.
        """,
    ),
    define(
        "core.v1.ContainerImage",
        "Describe a container image",
        """
        names      []string  Names by which this image is known.
        sizeBytes  int64     The size of the image in bytes.
        """,
    ),
    define(
        "core.v1.DaemonEndpoint",
        "DaemonEndpoint contains information about a single Daemon endpoint.",
        """
        Port  int32!  Port number of the given endpoint.
        """,
    ),
    define(
        "core.v1.Event",
        "Event is a report of an event somewhere in the cluster.",
        """
        action              string                    What action was taken/failed regarding to the Regarding object.
        apiVersion          string                    APIVersion defines the versioned schema of this representation of an object.
        count               int32                     The number of times this event has occurred.
        eventTime           meta.v1.MicroTime         Time when this Event was first observed.
        firstTimestamp      meta.v1.Time              The time at which the event was first recorded.
        involvedObject      core.v1.ObjectReference!  The object that this event is about.
        kind                string                    Kind is a string value representing the REST resource this object represents.
        lastTimestamp       meta.v1.Time              The time at which the most recent occurrence of this event was recorded.
        message             string                    A human-readable description of the status of this operation.
        metadata            meta.v1.ObjectMeta!       Standard object's metadata.
        reason              string                    This should be a short, machine understandable string that gives the reason for the transition into the object's current status.
        related             core.v1.ObjectReference   Optional secondary object for more complex actions.
        reportingComponent  string                    Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.
        reportingInstance   string                    ID of the controller instance, e.g. `kubelet-xyzf`.
        series              core.v1.EventSeries       Data about the Event series this event represents or nil if it's a singleton Event.
        source              core.v1.EventSource       The component reporting this event.
        type                string                    Type of this event (Normal, Warning), new types could be added in the future
        """,
        gvk=("", "v1", "Event"),
    ),
    define(
        "core.v1.EventList",
        "EventList is a list of events.",
        """
        apiVersion  string            APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.Event!  List of events
        kind        string            Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta  Standard list metadata.
        """,
        gvk=("", "v1", "EventList"),
    ),
    define(
        "core.v1.EventSeries",
        "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.",
        """
        count             int32              Number of occurrences in this series up to the last heartbeat time
        lastObservedTime  meta.v1.MicroTime  Time of the last occurrence observed
        """,
    ),
    define(
        "core.v1.EventSource",
        "EventSource contains information for an event.",
        """
        component  string  Component from which the event is generated.
        host       string  Node name on which the event is generated.
        """,
    ),
    define(
        "core.v1.LimitRange",
        "LimitRange sets resource usage limits for each kind of resource in a Namespace.",
        """
        apiVersion  string                  APIVersion defines the versioned schema of this representation of an object.
        kind        string                  Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta      Standard object's metadata.
        spec        core.v1.LimitRangeSpec  Spec defines the limits enforced.
        """,
        gvk=("", "v1", "LimitRange"),
    ),
    define(
        "core.v1.LimitRangeItem",
        "LimitRangeItem defines a min/max usage limit for any resource that matches on kind.",
        """
        default               {}resource.Quantity  Default resource requirement limit value by resource name if resource limit is omitted.
        defaultRequest        {}resource.Quantity  DefaultRequest is the default resource requirement request value by resource name if resource request is omitted.
        max                   {}resource.Quantity  Max usage constraints on this kind by resource name.
        maxLimitRequestRatio  {}resource.Quantity  MaxLimitRequestRatio if specified, the named resource must have a request and limit that are both non-zero where limit divided by request is less than or equal to the enumerated value; this represents the max burst for the named resource.
        min                   {}resource.Quantity  Min usage constraints on this kind by resource name.
        type                  string!              Type of resource that this limit applies to.
        """,
    ),
    define(
        "core.v1.LimitRangeList",
        "LimitRangeList is a list of LimitRange items.",
        """
        apiVersion  string                 APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.LimitRange!  Items is a list of LimitRange objects.
        kind        string                 Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta       Standard list metadata.
        """,
        gvk=("", "v1", "LimitRangeList"),
    ),
    define(
        "core.v1.LimitRangeSpec",
        "LimitRangeSpec defines a min/max usage limit for resources that match on kind.",
        """
        limits  []core.v1.LimitRangeItem!  Limits is the list of LimitRangeItem objects that are enforced.
        """,
    ),
    define(
        "core.v1.Namespace",
        "Namespace provides a scope for Names.",
        """
        apiVersion  string                   APIVersion defines the versioned schema of this representation of an object.
        kind        string                   Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta       Standard object's metadata.
        spec        core.v1.NamespaceSpec    Spec defines the behavior of the Namespace.
        status      core.v1.NamespaceStatus  Status describes the current status of a Namespace.
        """,
        gvk=("", "v1", "Namespace"),
    ),
    define(
        "core.v1.NamespaceCondition",
        "NamespaceCondition contains details about state of namespace.",
        """
        lastTransitionTime  meta.v1.Time  Last time the condition transitioned from one status to another.
        message             string        Human-readable message indicating details about last transition.
        reason              string        Unique, one-word, CamelCase reason for the condition's last transition.
        status              string!       Status of the condition, one of True, False, Unknown.
        type                string!       Type of namespace controller condition.
        """,
    ),
    define(
        "core.v1.NamespaceList",
        "NamespaceList is a list of Namespaces.",
        """
        apiVersion  string                APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.Namespace!  Items is the list of Namespace objects in the list.
        kind        string                Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta      Standard list metadata.
        """,
        gvk=("", "v1", "NamespaceList"),
    ),
    define(
        "core.v1.NamespaceSpec",
        "NamespaceSpec describes the attributes on a Namespace.",
        """
        finalizers  []string  Finalizers is an opaque list of values that must be empty to permanently remove object from storage.
        """,
    ),
    define(
        "core.v1.NamespaceStatus",
        "NamespaceStatus is information about the current status of a Namespace.",
        """
        conditions  []core.v1.NamespaceCondition  @merge=type @strategy=merge @list=map @keys=type Represents the latest available observations of a namespace's current state.
        phase       string                        @enum=Active,Terminating Phase is the current lifecycle phase of the namespace.
        """,
    ),
    define(
        "core.v1.Node",
        "Node is a worker node in Kubernetes.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  Standard object's metadata.
        spec        core.v1.NodeSpec    Spec defines the behavior of a node.
        status      core.v1.NodeStatus  Most recently observed status of the node.
        """,
        gvk=("", "v1", "Node"),
    ),
    define(
        "core.v1.NodeAddress",
        "NodeAddress contains information for the node's address.",
        """
        address  string!  The node address.
        type     string!  Node address type, one of Hostname, ExternalIP or InternalIP.
        """,
    ),
    define(
        "core.v1.NodeAllocatableMappedResources",
        "NodeAllocatableMappedResources describes mapped node allocatable resource allocations.",
        """
        name      string!             Name is the name of the resource (e.g., cpu, memory).
        quantity  resource.Quantity!  Quantity is the total node allocatable resource capacity allocated for the claim.
        """,
    ),
    define(
        "core.v1.NodeAllocatableOverheadResources",
        "NodeAllocatableOverheadResources describes auxiliary overhead resource allocations.",
        """
        name          string!  Name is the name of the resource (e.g., cpu, memory).
        perContainer  string   PerContainer is the variable overhead quantity applied for each container referencing the claim.
        perPod        string   PerPod is the flat overhead quantity allocated per pod.
        """,
    ),
    define(
        "core.v1.NodeAllocatableResourceClaimStatus",
        "NodeAllocatableResourceClaimStatus describes the status of node allocatable resources allocated via DRA.",
        """
        containers         []string                                    Containers lists the names of all containers in this pod that reference the claim.
        mapping            []core.v1.NodeAllocatableMappedResources    Mapping contains allocations through devices mapped in the device spec's `nodeAllocatableResources[...].mapping` field.
        overhead           []core.v1.NodeAllocatableOverheadResources  Overhead contains allocations through devices mapped in the device spec's `nodeAllocatableResources[...].overhead` field.
        resourceClaimName  string!                                     ResourceClaimName is the resource claim referenced by the pod that resulted in this node allocatable resource allocation.
        """,
    ),
    define(
        "core.v1.NodeCondition",
        "NodeCondition contains condition information for a node.",
        """
        lastHeartbeatTime   meta.v1.Time  Last time we got an update on a given condition.
        lastTransitionTime  meta.v1.Time  Last time the condition transit from one status to another.
        message             string        Human readable message indicating details about last transition.
        reason              string        (brief) reason for the condition's last transition.
        status              string!       Status of the condition, one of True, False, Unknown.
        type                string!       Type of node condition.
        """,
    ),
    define(
        "core.v1.NodeConfigSource",
        "NodeConfigSource specifies a source of node configuration.",
        """
        configMap  core.v1.ConfigMapNodeConfigSource
        """,
    ),
    define(
        "core.v1.NodeConfigStatus",
        "NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.",
        """
        active         core.v1.NodeConfigSource
        assigned       core.v1.NodeConfigSource
        error          string                    Error describes any problems reconciling the Spec.ConfigSource to the Active config.
        lastKnownGood  core.v1.NodeConfigSource
        """,
    ),
    define(
        "core.v1.NodeDaemonEndpoints",
        "NodeDaemonEndpoints lists ports opened by daemons running on the Node.",
        """
        kubeletEndpoint  core.v1.DaemonEndpoint  Endpoint on which Kubelet is listening.
        """,
    ),
    define(
        "core.v1.NodeFeatures",
        "NodeFeatures describes the set of features implemented by the CRI implementation.",
        """
        supplementalGroupsPolicy  boolean  SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.
        """,
    ),
    define(
        "core.v1.NodeList",
        "NodeList is the whole list of all Nodes which have been registered with master.",
        """
        apiVersion  string            APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.Node!   List of nodes
        kind        string            Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta  Standard list metadata.
        """,
        gvk=("", "v1", "NodeList"),
    ),
    define(
        "core.v1.NodePodPreemptionPolicy",
        "NodePodPreemptionPolicy defines the node-level policies governing preemption for pods on this node.",
        """
        disableResizePreemption  []string  DisableResizePreemption lists the owners (e.g., autoscalers, operators, administrators) that have requested to disable scheduler and Kubelet preemption for in-place pod resize on this node.
        """,
    ),
    define(
        "core.v1.NodeRuntimeHandler",
        "NodeRuntimeHandler is a set of runtime handler information.",
        """
        features  core.v1.NodeRuntimeHandlerFeatures
        name      string                              Runtime handler name.
        """,
    ),
    define(
        "core.v1.NodeRuntimeHandlerFeatures",
        "NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.",
        """
        recursiveReadOnlyMounts  boolean  RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.
        userNamespaces           boolean  UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.
        """,
    ),
    define(
        "core.v1.NodeSpec",
        "NodeSpec describes the attributes that a node is created with.",
        """
        configSource         core.v1.NodeConfigSource         Deprecated: Previously used to specify the source of the node's configuration for the DynamicKubeletConfig feature.
        externalID           string                           Deprecated. Not all kubelets will set this field.
        podCIDR              string                           PodCIDR represents the pod IP range assigned to the node.
        podCIDRs             []string                         @strategy=merge @list=set podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.
        podPreemptionPolicy  core.v1.NodePodPreemptionPolicy
        providerID           string                           ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>
        taints               []core.v1.Taint                  If specified, the node's taints.
        unschedulable        boolean                          Unschedulable controls node schedulability of new pods.
        """,
    ),
    define(
        "core.v1.NodeStatus",
        "NodeStatus is information about the current status of a node.",
        """
        addresses         []core.v1.NodeAddress         @merge=type @strategy=merge @list=map @keys=type List of addresses reachable to the node.
        allocatable       {}resource.Quantity           Allocatable represents the resources of a node that are available for scheduling.
        capacity          {}resource.Quantity           Capacity represents the total resources of a node.
        conditions        []core.v1.NodeCondition       @merge=type @strategy=merge @list=map @keys=type Conditions is an array of current observed node conditions.
        config            core.v1.NodeConfigStatus      Status of the config assigned to the node via the dynamic Kubelet config feature.
        daemonEndpoints   core.v1.NodeDaemonEndpoints   Endpoints of daemons running on the Node.
        declaredFeatures  []string                      DeclaredFeatures represents the features related to feature gates that are declared by the node.
        features          core.v1.NodeFeatures          Features describes the set of features implemented by the CRI implementation.
        images            []core.v1.ContainerImage      List of container images on this node
        nodeInfo          core.v1.NodeSystemInfo        Set of ids/uuids to uniquely identify the node.
        phase             string                        @enum=Pending,Running,Terminated NodePhase is the recently observed lifecycle phase of the node.
        runtimeHandlers   []core.v1.NodeRuntimeHandler  The available runtime handlers.
        volumesAttached   []core.v1.AttachedVolume      List of volumes that are attached to the node.
        volumesInUse      []string                      List of attachable volumes in use (mounted) by the node.
        """,
    ),
    define(
        "core.v1.NodeSwapStatus",
        "NodeSwapStatus represents swap memory information.",
        """
        capacity  int64  Total amount of swap memory in bytes.
        """,
    ),
    define(
        "core.v1.NodeSystemInfo",
        "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.",
        """
        architecture             string!                 The Architecture reported by the node
        bootID                   string!                 Boot ID reported by the node.
        containerRuntimeVersion  string!                 ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).
        kernelVersion            string!                 Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).
        kubeProxyVersion         string!                 Deprecated: KubeProxy Version reported by the node.
        kubeletVersion           string!                 Kubelet Version reported by the node.
        machineID                string!                 MachineID reported by the node.
        operatingSystem          string!                 The Operating System reported by the node
        osImage                  string!                 OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).
        runningInUserNamespace   boolean                 Whether the node is running in a user namespace.
        swap                     core.v1.NodeSwapStatus
        systemUUID               string!                 SystemUUID reported by the node.
        """,
    ),
    define(
        "core.v1.ObjectReference",
        "ObjectReference contains enough information to let you inspect or modify the referred object.",
        """
        apiVersion       string  API version of the referent.
        fieldPath        string  If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].
        kind             string  Kind of the referent.
        name             string  Name of the referent.
        namespace        string  Namespace of the referent.
        resourceVersion  string  Specific resourceVersion to which this reference is made, if any.
        uid              string  UID of the referent.
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.PodTemplate",
        "PodTemplate describes a template for creating copies of a predefined pod.",
        """
        apiVersion  string                   APIVersion defines the versioned schema of this representation of an object.
        kind        string                   Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta       Standard object's metadata.
        template    core.v1.PodTemplateSpec  Template defines the pods that will be created from this pod template.
        """,
        gvk=("", "v1", "PodTemplate"),
    ),
    define(
        "core.v1.PodTemplateList",
        "PodTemplateList is a list of PodTemplates.",
        """
        apiVersion  string                  APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.PodTemplate!  List of pod templates
        kind        string                  Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta        Standard list metadata.
        """,
        gvk=("", "v1", "PodTemplateList"),
    ),
    define(
        "core.v1.ReplicationController",
        "ReplicationController represents the configuration of a replication controller.",
        """
        apiVersion  string                               APIVersion defines the versioned schema of this representation of an object.
        kind        string                               Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                   If the Labels of a ReplicationController are empty, they are defaulted to be the same as the Pod(s) that the replication controller manages.
        spec        core.v1.ReplicationControllerSpec    Spec defines the specification of the desired behavior of the replication controller.
        status      core.v1.ReplicationControllerStatus  Status is the most recently observed status of the replication controller.
        """,
        gvk=("", "v1", "ReplicationController"),
    ),
    define(
        "core.v1.ReplicationControllerCondition",
        "ReplicationControllerCondition describes the state of a replication controller at a certain point.",
        """
        lastTransitionTime  meta.v1.Time  The last time the condition transitioned from one status to another.
        message             string        A human readable message indicating details about the transition.
        reason              string        The reason for the condition's last transition.
        status              string!       Status of the condition, one of True, False, Unknown.
        type                string!       Type of replication controller condition.
        """,
    ),
    define(
        "core.v1.ReplicationControllerList",
        "ReplicationControllerList is a collection of replication controllers.",
        """
        apiVersion  string                            APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.ReplicationController!  List of replication controllers.
        kind        string                            Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                  Standard list metadata.
        """,
        gvk=("", "v1", "ReplicationControllerList"),
    ),
    define(
        "core.v1.ReplicationControllerSpec",
        "ReplicationControllerSpec is the specification of a replication controller.",
        """
        minReadySeconds  int32                    Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.
        replicas         int32                    Replicas is the number of desired replicas.
        selector         {}string                 @map=atomic Selector is a label query over pods that should match the Replicas count.
        template         core.v1.PodTemplateSpec  Template is the object that describes the pod that will be created if insufficient replicas are detected.
        """,
    ),
    define(
        "core.v1.ReplicationControllerStatus",
        "ReplicationControllerStatus represents the current status of a replication controller.",
        """
        availableReplicas     int32                                     The number of available replicas (ready for at least minReadySeconds) for this replication controller.
        conditions            []core.v1.ReplicationControllerCondition  @merge=type @strategy=merge @list=map @keys=type Represents the latest available observations of a replication controller's current state.
        fullyLabeledReplicas  int32                                     The number of pods that have labels matching the labels of the pod template of the replication controller.
        observedGeneration    int64                                     ObservedGeneration reflects the generation of the most recently observed replication controller.
        readyReplicas         int32                                     The number of ready replicas for this replication controller.
        replicas              int32!                                    Replicas is the most recently observed number of replicas.
        """,
    ),
    define(
        "core.v1.ResourceQuota",
        "ResourceQuota sets aggregate quota restrictions enforced per namespace",
        """
        apiVersion  string                       APIVersion defines the versioned schema of this representation of an object.
        kind        string                       Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta           Standard object's metadata.
        spec        core.v1.ResourceQuotaSpec    Spec defines the desired quota.
        status      core.v1.ResourceQuotaStatus  Status defines the actual enforced quota and its current usage.
        """,
        gvk=("", "v1", "ResourceQuota"),
    ),
    define(
        "core.v1.ResourceQuotaList",
        "ResourceQuotaList is a list of ResourceQuota items.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.ResourceQuota!  Items is a list of ResourceQuota objects.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta          Standard list metadata.
        """,
        gvk=("", "v1", "ResourceQuotaList"),
    ),
    define(
        "core.v1.ResourceQuotaSpec",
        "ResourceQuotaSpec defines the desired hard limits to enforce for Quota.",
        """
        hard           {}resource.Quantity    hard is the set of desired hard limits for each named resource.
        scopeSelector  core.v1.ScopeSelector  scopeSelector is also a collection of filters like scopes that must match each object tracked by a quota but expressed using ScopeSelectorOperator in combination with possible values.
        scopes         []string               A collection of filters that must match each object tracked by a quota.
        """,
    ),
    define(
        "core.v1.ResourceQuotaStatus",
        "ResourceQuotaStatus defines the enforced hard limits and observed use.",
        """
        hard  {}resource.Quantity  Hard is the set of enforced hard limits for each named resource.
        used  {}resource.Quantity  Used is the current observed total usage of the resource in the namespace.
        """,
    ),
    define(
        "core.v1.ScopeSelector",
        "A scope selector represents the AND of the selectors represented by the scoped-resource selector requirements.",
        """
        matchExpressions  []core.v1.ScopedResourceSelectorRequirement  A list of scope selector requirements by scope of the resources.
        """,
    ),
    define(
        "core.v1.ScopedResourceSelectorRequirement",
        "A scoped-resource selector requirement is a selector that contains values, a scope name, and an operator that relates the scope name and values.",
        """
        operator   string!   @enum=DoesNotExist,Exists,In,NotIn Represents a scope's relationship to a set of values.
        scopeName  string!   The name of the scope that the selector applies to.
        values     []string  An array of string values.
        """,
    ),
    define(
        "core.v1.Secret",
        "Secret holds secret data of a certain type.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        data        {}byte              Data contains the secret data.
        immutable   boolean             Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  Standard object's metadata.
        stringData  {}string            stringData allows specifying non-binary secret data in string form.
        type        string              Used to facilitate programmatic handling of secret data.
        """,
        gvk=("", "v1", "Secret"),
    ),
    define(
        "core.v1.SecretList",
        "SecretList is a list of Secret.",
        """
        apiVersion  string             APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.Secret!  Items is a list of secret objects.
        kind        string             Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta   Standard list metadata.
        """,
        gvk=("", "v1", "SecretList"),
    ),
    define(
        "core.v1.ServiceAccount",
        "ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets",
        """
        apiVersion                    string                          APIVersion defines the versioned schema of this representation of an object.
        automountServiceAccountToken  boolean                         AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.
        imagePullSecrets              []core.v1.LocalObjectReference  ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.
        kind                          string                          Kind is a string value representing the REST resource this object represents.
        metadata                      meta.v1.ObjectMeta              Standard object's metadata.
        secrets                       []core.v1.ObjectReference       @merge=name @strategy=merge @list=map @keys=name Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.
        """,
        gvk=("", "v1", "ServiceAccount"),
    ),
    define(
        "core.v1.ServiceAccountList",
        "ServiceAccountList is a list of ServiceAccount objects",
        """
        apiVersion  string                     APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.ServiceAccount!  List of ServiceAccounts.
        kind        string                     Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta           Standard list metadata.
        """,
        gvk=("", "v1", "ServiceAccountList"),
    ),
    define(
        "core.v1.Taint",
        'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
        """
        effect     string!       @enum=NoExecute,NoSchedule,PreferNoSchedule Required. The effect of the taint on pods that do not tolerate the taint.
        key        string!       Required. The taint key to be applied to a node.
        timeAdded  meta.v1.Time  TimeAdded represents the time at which the taint was added.
        value      string        The taint value corresponding to the taint key.
        """,
    ),
)
