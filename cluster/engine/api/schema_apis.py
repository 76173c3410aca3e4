"""The kinds of the named groups KubeLab serves: apps (Deployment, ReplicaSet, DaemonSet,
StatefulSet, ControllerRevision), autoscaling (Scale), rbac.authorization.k8s.io,
coordination.k8s.io (Lease), scheduling.k8s.io (PriorityClass), node.k8s.io (RuntimeClass),
authorization.k8s.io (access and rules reviews), authentication.k8s.io (SelfSubjectReview),
policy (Eviction, PodDisruptionBudget) and metrics-server's metrics.k8s.io (NodeMetrics,
PodMetrics)."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "apps.v1.ControllerRevision",
        "ControllerRevision implements an immutable snapshot of state data.",
        """
        apiVersion  string                 APIVersion defines the versioned schema of this representation of an object.
        data        runtime.RawExtension!  Data is the serialized representation of the state.
        kind        string                 Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta     Standard object's metadata.
        revision    int64                  Revision indicates the revision of the state represented by Data.
        """,
        gvk=("apps", "v1", "ControllerRevision"),
    ),
    define(
        "apps.v1.ControllerRevisionList",
        "ControllerRevisionList is a resource containing a list of ControllerRevision objects.",
        """
        apiVersion  string                         APIVersion defines the versioned schema of this representation of an object.
        items       []apps.v1.ControllerRevision!  Items is the list of ControllerRevisions
        kind        string                         Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta               More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata
        """,
        gvk=("apps", "v1", "ControllerRevisionList"),
    ),
    define(
        "apps.v1.DaemonSet",
        "DaemonSet represents the configuration of a daemon set.",
        """
        apiVersion  string                   APIVersion defines the versioned schema of this representation of an object.
        kind        string                   Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta       Standard object's metadata.
        spec        apps.v1.DaemonSetSpec!   The desired behavior of this daemon set.
        status      apps.v1.DaemonSetStatus  The current status of this daemon set.
        """,
        gvk=("apps", "v1", "DaemonSet"),
    ),
    define(
        "apps.v1.DaemonSetCondition",
        "DaemonSetCondition describes the state of a DaemonSet at a certain point.",
        """
        lastTransitionTime  meta.v1.Time  Last time the condition transitioned from one status to another.
        message             string        A human readable message indicating details about the transition.
        reason              string        The reason for the condition's last transition.
        status              string        Status of the condition, one of True, False, Unknown.
        type                string        Type of DaemonSet condition.
        """,
    ),
    define(
        "apps.v1.DaemonSetList",
        "DaemonSetList is a collection of daemon sets.",
        """
        apiVersion  string                APIVersion defines the versioned schema of this representation of an object.
        items       []apps.v1.DaemonSet!  A list of daemon sets.
        kind        string                Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta      Standard list metadata.
        """,
        gvk=("apps", "v1", "DaemonSetList"),
    ),
    define(
        "apps.v1.DaemonSetSpec",
        "DaemonSetSpec is the specification of a daemon set.",
        """
        minReadySeconds       int32                            The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available.
        revisionHistoryLimit  int32                            The number of old history to retain to allow rollback.
        selector              meta.v1.LabelSelector!           A label query over pods that are managed by the daemon set.
        template              core.v1.PodTemplateSpec!         An object that describes the pod that will be created.
        updateStrategy        apps.v1.DaemonSetUpdateStrategy  An update strategy to replace existing DaemonSet pods with new pods.
        """,
    ),
    define(
        "apps.v1.DaemonSetStatus",
        "DaemonSetStatus represents the current status of a daemon set.",
        """
        collisionCount          int32                         Count of hash collisions for the DaemonSet.
        conditions              []apps.v1.DaemonSetCondition  @merge=type @strategy=merge @list=map @keys=type Represents the latest available observations of a DaemonSet's current state.
        currentNumberScheduled  int32!                        The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.
        desiredNumberScheduled  int32!                        The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).
        numberAvailable         int32                         The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)
        numberMisscheduled      int32!                        The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.
        numberReady             int32!                        numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.
        numberUnavailable       int32                         The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds)
        observedGeneration      int64                         The most recent generation observed by the daemon set controller.
        updatedNumberScheduled  int32                         The total number of nodes that are running updated daemon pod
        """,
    ),
    define(
        "apps.v1.DaemonSetUpdateStrategy",
        "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.",
        """
        rollingUpdate  apps.v1.RollingUpdateDaemonSet  Rolling update config params.
        type           string                          @enum=OnDelete,RollingUpdate Type of daemon set update.
        """,
    ),
    define(
        "apps.v1.RollingUpdateDaemonSet",
        "Spec to control the desired behavior of daemon set rolling update.",
        """
        maxSurge        intstr.IntOrString  The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update.
        maxUnavailable  intstr.IntOrString  The maximum number of DaemonSet pods that can be unavailable during the update.
        """,
    ),
    define(
        "apps.v1.Deployment",
        "Deployment enables declarative updates for Pods and ReplicaSets.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta        Standard object's metadata.
        spec        apps.v1.DeploymentSpec!   Specification of the desired behavior of the Deployment.
        status      apps.v1.DeploymentStatus  Most recently observed status of the Deployment.
        """,
        gvk=("apps", "v1", "Deployment"),
    ),
    define(
        "apps.v1.DeploymentCondition",
        "DeploymentCondition describes the state of a deployment at a certain point.",
        """
        lastTransitionTime  meta.v1.Time  Last time the condition transitioned from one status to another.
        lastUpdateTime      meta.v1.Time  The last time this condition was updated.
        message             string        A human readable message indicating details about the transition.
        reason              string        The reason for the condition's last transition.
        status              string        Status of the condition, one of True, False, Unknown.
        type                string        Type of deployment condition.
        """,
    ),
    define(
        "apps.v1.DeploymentList",
        "DeploymentList is a list of Deployments.",
        """
        apiVersion  string                 APIVersion defines the versioned schema of this representation of an object.
        items       []apps.v1.Deployment!  Items is the list of Deployments.
        kind        string                 Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta       Standard list metadata.
        """,
        gvk=("apps", "v1", "DeploymentList"),
    ),
    define(
        "apps.v1.DeploymentSpec",
        "DeploymentSpec is the specification of the desired behavior of the Deployment.",
        """
        minReadySeconds          int32                       Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.
        paused                   boolean                     Indicates that the deployment is paused.
        progressDeadlineSeconds  int32                       The maximum time in seconds for a deployment to make progress before it is considered to be failed.
        replicas                 int32                       Number of desired pods.
        revisionHistoryLimit     int32                       The number of old ReplicaSets to retain to allow rollback.
        selector                 meta.v1.LabelSelector!      Label selector for pods.
        strategy                 apps.v1.DeploymentStrategy  @strategy=retainKeys The deployment strategy to use to replace existing pods with new ones.
        template                 core.v1.PodTemplateSpec!    Template describes the pods that will be created.
        """,
    ),
    define(
        "apps.v1.DeploymentStatus",
        "DeploymentStatus is the most recently observed status of the Deployment.",
        """
        availableReplicas    int32                          Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.
        collisionCount       int32                          Count of hash collisions for the Deployment.
        conditions           []apps.v1.DeploymentCondition  @merge=type @strategy=merge @list=map @keys=type Represents the latest available observations of a deployment's current state.
        observedGeneration   int64                          The generation observed by the deployment controller.
        readyReplicas        int32                          Total number of non-terminating pods targeted by this Deployment with a Ready Condition.
        replicas             int32                          Total number of non-terminating pods targeted by this deployment (their labels match the selector).
        terminatingReplicas  int32                          Total number of terminating pods targeted by this deployment.
        unavailableReplicas  int32                          Total number of unavailable pods targeted by this deployment.
        updatedReplicas      int32                          Total number of non-terminating pods targeted by this deployment that have the desired template spec.
        """,
    ),
    define(
        "apps.v1.DeploymentStrategy",
        "DeploymentStrategy describes how to replace existing pods with new ones.",
        """
        rollingUpdate  apps.v1.RollingUpdateDeployment  Rolling update config params.
        type           string                           @enum=Recreate,RollingUpdate Type of deployment.
        """,
    ),
    define(
        "apps.v1.ReplicaSet",
        "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta        If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages.
        spec        apps.v1.ReplicaSetSpec!   Spec defines the specification of the desired behavior of the ReplicaSet.
        status      apps.v1.ReplicaSetStatus  Status is the most recently observed status of the ReplicaSet.
        """,
        gvk=("apps", "v1", "ReplicaSet"),
    ),
    define(
        "apps.v1.ReplicaSetCondition",
        "ReplicaSetCondition describes the state of a replica set at a certain point.",
        """
        lastTransitionTime  meta.v1.Time  The last time the condition transitioned from one status to another.
        message             string        A human readable message indicating details about the transition.
        reason              string        The reason for the condition's last transition.
        status              string        Status of the condition, one of True, False, Unknown.
        type                string        Type of replica set condition.
        """,
    ),
    define(
        "apps.v1.ReplicaSetList",
        "ReplicaSetList is a collection of ReplicaSets.",
        """
        apiVersion  string                 APIVersion defines the versioned schema of this representation of an object.
        items       []apps.v1.ReplicaSet!  List of ReplicaSets.
        kind        string                 Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta       Standard list metadata.
        """,
        gvk=("apps", "v1", "ReplicaSetList"),
    ),
    define(
        "apps.v1.ReplicaSetSpec",
        "ReplicaSetSpec is the specification of a ReplicaSet.",
        """
        minReadySeconds  int32                    Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.
        replicas         int32                    Replicas is the number of desired pods.
        selector         meta.v1.LabelSelector!   Selector is a label query over pods that should match the replica count.
        template         core.v1.PodTemplateSpec  Template is the object that describes the pod that will be created if insufficient replicas are detected.
        """,
    ),
    define(
        "apps.v1.ReplicaSetStatus",
        "ReplicaSetStatus represents the current status of a ReplicaSet.",
        """
        availableReplicas     int32                          The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.
        conditions            []apps.v1.ReplicaSetCondition  @merge=type @strategy=merge @list=map @keys=type Represents the latest available observations of a replica set's current state.
        fullyLabeledReplicas  int32                          The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.
        observedGeneration    int64                          ObservedGeneration reflects the generation of the most recently observed ReplicaSet.
        readyReplicas         int32                          The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.
        replicas              int32!                         Replicas is the most recently observed number of non-terminating pods.
        terminatingReplicas   int32                          The number of terminating pods for this replica set.
        """,
    ),
    define(
        "apps.v1.RollingUpdateDeployment",
        "Spec to control the desired behavior of rolling update.",
        """
        maxSurge        intstr.IntOrString  The maximum number of pods that can be scheduled above the desired number of pods.
        maxUnavailable  intstr.IntOrString  The maximum number of pods that can be unavailable during the update.
        """,
    ),
    define(
        "authorization.v1.FieldSelectorAttributes",
        "FieldSelectorAttributes indicates a field limited access.",
        """
        rawSelector   string                              rawSelector is the serialization of a field selector that would be included in a query parameter.
        requirements  []meta.v1.FieldSelectorRequirement  requirements is the parsed interpretation of a field selector.
        """,
    ),
    define(
        "authorization.v1.LabelSelectorAttributes",
        "LabelSelectorAttributes indicates a label limited access.",
        """
        rawSelector   string                              rawSelector is the serialization of a field selector that would be included in a query parameter.
        requirements  []meta.v1.LabelSelectorRequirement  requirements is the parsed interpretation of a label selector.
        """,
    ),
    define(
        "authorization.v1.NonResourceAttributes",
        "NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface",
        """
        path  string  path is the URL path of the request
        verb  string  verb is the standard HTTP verb
        """,
    ),
    define(
        "authorization.v1.ResourceAttributes",
        "ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface",
        """
        fieldSelector  authorization.v1.FieldSelectorAttributes
        group          string                                    group is the API Group of the Resource.
        labelSelector  authorization.v1.LabelSelectorAttributes
        name           string                                    name is the name of the resource being requested for a "get" or deleted for a "delete".
        namespace      string                                    namespace is the namespace of the action being requested.
        resource       string                                    resource is one of the existing resource types.
        subresource    string                                    subresource is one of the existing resource types.
        verb           string                                    verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy.
        version        string                                    version is the API Version of the Resource.
        """,
    ),
    define(
        "authorization.v1.SelfSubjectAccessReview",
        "SelfSubjectAccessReview checks whether or the current user can perform an action.",
        """
        apiVersion  string                                         APIVersion defines the versioned schema of this representation of an object.
        kind        string                                         Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                             metadata is the standard list metadata.
        spec        authorization.v1.SelfSubjectAccessReviewSpec!  spec holds information about the request being evaluated.
        status      authorization.v1.SubjectAccessReviewStatus     status is filled in by the server and indicates whether the request is allowed or not
        """,
        gvk=("authorization.k8s.io", "v1", "SelfSubjectAccessReview"),
    ),
    define(
        "authorization.v1.SelfSubjectAccessReviewSpec",
        "SelfSubjectAccessReviewSpec is a description of the access request.",
        """
        nonResourceAttributes  authorization.v1.NonResourceAttributes  nonResourceAttributes describes information for a non-resource access request
        resourceAttributes     authorization.v1.ResourceAttributes     resourceAttributes describes information for a resource access request
        """,
    ),
    define(
        "authorization.v1.LocalSubjectAccessReview",
        "LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.",
        """
        apiVersion  string                                      APIVersion defines the versioned schema of this representation of an object.
        kind        string                                      Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                          metadata is the standard list metadata.
        spec        authorization.v1.SubjectAccessReviewSpec!   spec holds information about the request being evaluated.
        status      authorization.v1.SubjectAccessReviewStatus  status is filled in by the server and indicates whether the request is allowed or not
        """,
        gvk=("authorization.k8s.io", "v1", "LocalSubjectAccessReview"),
    ),
    define(
        "authorization.v1.SubjectAccessReview",
        "SubjectAccessReview checks whether or not a user or group can perform an action.",
        """
        apiVersion  string                                      APIVersion defines the versioned schema of this representation of an object.
        kind        string                                      Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                          metadata is the standard list metadata.
        spec        authorization.v1.SubjectAccessReviewSpec!   spec holds information about the request being evaluated
        status      authorization.v1.SubjectAccessReviewStatus  status is filled in by the server and indicates whether the request is allowed or not
        """,
        gvk=("authorization.k8s.io", "v1", "SubjectAccessReview"),
    ),
    define(
        "authorization.v1.SubjectAccessReviewSpec",
        "SubjectAccessReviewSpec is a description of the access request.",
        """
        extra                  {}[]string                              extra corresponds to the user.Info.GetExtra() method from the authenticator.
        groups                 []string                                groups is the groups you're testing for.
        nonResourceAttributes  authorization.v1.NonResourceAttributes  nonResourceAttributes describes information for a non-resource access request
        resourceAttributes     authorization.v1.ResourceAttributes     resourceAttributes describes information for a resource access request
        uid                    string                                  uid information about the requesting user.
        user                   string                                  user is the user you're testing for.
        """,
    ),
    define(
        "authorization.v1.SubjectAccessReviewStatus",
        "SubjectAccessReviewStatus",
        """
        allowed          boolean!  allowed is required.
        denied           boolean   denied is optional.
        evaluationError  string    evaluationError is an indication that some error occurred during the authorization check.
        reason           string    reason is optional.
        """,
    ),
    define(
        "autoscaling.v1.Scale",
        "Scale represents a scaling request for a resource.",
        """
        apiVersion  string                      APIVersion defines the versioned schema of this representation of an object.
        kind        string                      Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta          metadata is the standard object metadata; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata.
        spec        autoscaling.v1.ScaleSpec    spec defines the behavior of the scale.
        status      autoscaling.v1.ScaleStatus  status is the current status of the scale.
        """,
        gvk=("autoscaling", "v1", "Scale"),
    ),
    define(
        "autoscaling.v1.ScaleSpec",
        "ScaleSpec describes the attributes of a scale subresource.",
        """
        replicas  int32  replicas is the desired number of instances for the scaled object.
        """,
    ),
    define(
        "autoscaling.v1.ScaleStatus",
        "ScaleStatus represents the current status of a scale subresource.",
        """
        replicas  int32!  replicas is the actual number of observed instances of the scaled object.
        selector  string  selector is the label query over pods that should match the replicas count.
        """,
    ),
    define(
        "coordination.v1.Lease",
        "Lease defines a lease concept.",
        """
        apiVersion  string                     APIVersion defines the versioned schema of this representation of an object.
        kind        string                     Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta         metadata is the standard object metadata.
        spec        coordination.v1.LeaseSpec  spec contains the specification of the Lease.
        """,
        gvk=("coordination.k8s.io", "v1", "Lease"),
    ),
    define(
        "coordination.v1.LeaseList",
        "LeaseList is a list of Lease objects.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        items       []coordination.v1.Lease!  items is a list of schema objects.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta          Standard list metadata.
        """,
        gvk=("coordination.k8s.io", "v1", "LeaseList"),
    ),
    define(
        "coordination.v1.LeaseSpec",
        "LeaseSpec is a specification of a Lease.",
        """
        acquireTime           meta.v1.MicroTime  acquireTime is a time when the current lease was acquired.
        holderIdentity        string             holderIdentity contains the identity of the holder of a current lease.
        leaseDurationSeconds  int32              leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.
        leaseTransitions      int32              leaseTransitions is the number of transitions of a lease between holders.
        preferredHolder       string             preferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.
        renewTime             meta.v1.MicroTime  renewTime is a time when the current holder of a lease has last updated the lease.
        strategy              string             strategy indicates the strategy for picking the leader for coordinated leader election.
        """,
    ),
    define(
        "scheduling.v1.PriorityClass",
        "PriorityClass defines mapping from a priority class name to the priority integer value. The value can be any valid integer.",
        """
        apiVersion        string              APIVersion defines the versioned schema of this representation of an object.
        description       string              description is an arbitrary string that usually provides guidelines on when this priority class should be used.
        globalDefault     boolean             globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.
        kind              string              Kind is a string value representing the REST resource this object represents.
        metadata          meta.v1.ObjectMeta  metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata
        preemptionPolicy  string              @enum=Never,PreemptLowerPriority preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.
        value             int32               value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.
        """,
        gvk=("scheduling.k8s.io", "v1", "PriorityClass"),
    ),
    define(
        "scheduling.v1.PriorityClassList",
        "PriorityClassList is a collection of priority classes.",
        """
        apiVersion  string                          APIVersion defines the versioned schema of this representation of an object.
        items       []scheduling.v1.PriorityClass!  items is the list of PriorityClasses
        kind        string                          Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                Standard list metadata More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata
        """,
        gvk=("scheduling.k8s.io", "v1", "PriorityClassList"),
    ),
    define(
        "node.v1.Overhead",
        "Overhead structure represents the resource overhead associated with running a pod.",
        """
        podFixed  {}resource.Quantity  podFixed represents the fixed resource overhead associated with running a pod.
        """,
    ),
    define(
        "node.v1.RuntimeClass",
        "RuntimeClass defines a class of container runtime supported in the cluster.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        handler     string!             handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  metadata is the standard object metadata.
        overhead    node.v1.Overhead    overhead represents the resource overhead associated with running a pod for a given RuntimeClass.
        scheduling  node.v1.Scheduling  scheduling holds the scheduling constraints to ensure that pods running with this RuntimeClass are scheduled to nodes that support it.
        """,
        gvk=("node.k8s.io", "v1", "RuntimeClass"),
    ),
    define(
        "node.v1.RuntimeClassList",
        "RuntimeClassList is a list of RuntimeClass objects.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        items       []node.v1.RuntimeClass!   items is a list of schema objects.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta          Standard list metadata.
        """,
        gvk=("node.k8s.io", "v1", "RuntimeClassList"),
    ),
    define(
        "node.v1.Scheduling",
        "Scheduling specifies the scheduling constraints for nodes supporting a RuntimeClass.",
        """
        nodeSelector  {}string              @map=atomic nodeSelector lists labels that must be present on nodes that support this RuntimeClass.
        tolerations   []core.v1.Toleration  @list=atomic tolerations are appended (excluding duplicates) to pods running with this RuntimeClass during admission, effectively unioning the set of nodes tolerated by the pod and the RuntimeClass.
        """,
    ),
    define(
        "policy.v1.Eviction",
        "Eviction evicts a pod from its node subject to certain policies and safety constraints.",
        """
        apiVersion     string                 APIVersion defines the versioned schema of this representation of an object.
        deleteOptions  meta.v1.DeleteOptions  deleteOptions may be provided
        kind           string                 Kind is a string value representing the REST resource this object represents.
        metadata       meta.v1.ObjectMeta     metadata describes the pod that is being evicted.
        """,
        gvk=("policy", "v1", "Eviction"),
    ),
    define(
        "policy.v1.PodDisruptionBudget",
        "PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods",
        """
        apiVersion  string                               APIVersion defines the versioned schema of this representation of an object.
        kind        string                               Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                   Standard object's metadata.
        spec        policy.v1.PodDisruptionBudgetSpec    Specification of the desired behavior of the PodDisruptionBudget.
        status      policy.v1.PodDisruptionBudgetStatus  Most recently observed status of the PodDisruptionBudget.
        """,
        gvk=("policy", "v1", "PodDisruptionBudget"),
    ),
    define(
        "policy.v1.PodDisruptionBudgetList",
        "PodDisruptionBudgetList is a collection of PodDisruptionBudgets.",
        """
        apiVersion  string                           APIVersion defines the versioned schema of this representation of an object.
        items       []policy.v1.PodDisruptionBudget!  Items is a list of PodDisruptionBudgets
        kind        string                           Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                 Standard object's metadata.
        """,
        gvk=("policy", "v1", "PodDisruptionBudgetList"),
    ),
    define(
        "policy.v1.PodDisruptionBudgetSpec",
        "PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.",
        """
        maxUnavailable              intstr.IntOrString     An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction.
        minAvailable                intstr.IntOrString     An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction.
        selector                    meta.v1.LabelSelector  @strategy=replace  Label query over pods whose evictions are managed by the disruption budget.
        unhealthyPodEvictionPolicy  string                 UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction.
        """,
    ),
    define(
        "policy.v1.PodDisruptionBudgetStatus",
        "PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget.",
        """
        conditions          []meta.v1.Condition  @merge=type @strategy=merge @list=map @keys=type  Conditions contain conditions for PDB.
        currentHealthy      int32                current number of healthy pods
        desiredHealthy      int32                minimum desired number of healthy pods
        disruptedPods       {}meta.v1.Time       DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.
        disruptionsAllowed  int32                Number of pod disruptions that are currently allowed.
        expectedPods        int32                total number of pods counted by this disruption budget
        observedGeneration  int64                Most recent generation observed when updating this PDB status.
        """,
    ),
    define(
        "policy.v1.EvictionResponder",
        "EvictionResponder allows you to specify the responder reacting to an Eviction.",
        """
        name      string!  name allows you to identify the responder responding to the Eviction.
        priority  int32!   priority for this responder.
        """,
    ),
    define(
        "rbac.v1.AggregationRule",
        "AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole",
        """
        clusterRoleSelectors  []meta.v1.LabelSelector  clusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules.
        """,
    ),
    define(
        "rbac.v1.ClusterRole",
        "ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.",
        """
        aggregationRule  rbac.v1.AggregationRule  aggregationRule is an optional field that describes how to build the Rules for this ClusterRole.
        apiVersion       string                   APIVersion defines the versioned schema of this representation of an object.
        kind             string                   Kind is a string value representing the REST resource this object represents.
        metadata         meta.v1.ObjectMeta       metadata is the standard object's metadata.
        rules            []rbac.v1.PolicyRule     rules holds all the PolicyRules for this ClusterRole
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "ClusterRole"),
    ),
    define(
        "rbac.v1.ClusterRoleBinding",
        "ClusterRoleBinding references a ClusterRole, but not contain it.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  metadata is the standard object's metadata.
        roleRef     rbac.v1.RoleRef!    roleRef can only reference a ClusterRole in the global namespace.
        subjects    []rbac.v1.Subject   subjects holds references to the objects the role applies to.
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding"),
    ),
    define(
        "rbac.v1.ClusterRoleBindingList",
        "ClusterRoleBindingList is a collection of ClusterRoleBindings",
        """
        apiVersion  string                         APIVersion defines the versioned schema of this representation of an object.
        items       []rbac.v1.ClusterRoleBinding!  Items is a list of ClusterRoleBindings
        kind        string                         Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta               Standard object's metadata.
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "ClusterRoleBindingList"),
    ),
    define(
        "rbac.v1.ClusterRoleList",
        "ClusterRoleList is a collection of ClusterRoles",
        """
        apiVersion  string                  APIVersion defines the versioned schema of this representation of an object.
        items       []rbac.v1.ClusterRole!  Items is a list of ClusterRoles
        kind        string                  Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta        Standard object's metadata.
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "ClusterRoleList"),
    ),
    define(
        "rbac.v1.PolicyRule",
        "PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.",
        """
        apiGroups        []string   apiGroups is the name of the APIGroup that contains the resources.
        nonResourceURLs  []string   nonResourceURLs is a set of partial urls that a user should have access to.
        resourceNames    []string   resourceNames is an optional white list of names that the rule applies to.
        resources        []string   resources is a list of resources this rule applies to.
        verbs            []string!  verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule.
        """,
    ),
    define(
        "rbac.v1.Role",
        "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.",
        """
        apiVersion  string                APIVersion defines the versioned schema of this representation of an object.
        kind        string                Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta    metadata is the standard object's metadata.
        rules       []rbac.v1.PolicyRule  rules holds all the PolicyRules for this Role
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "Role"),
    ),
    define(
        "rbac.v1.RoleBinding",
        "RoleBinding references a role, but does not contain it.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  metadata is the standard object's metadata.
        roleRef     rbac.v1.RoleRef!    roleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.
        subjects    []rbac.v1.Subject   subjects holds references to the objects the role applies to.
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "RoleBinding"),
    ),
    define(
        "rbac.v1.RoleBindingList",
        "RoleBindingList is a collection of RoleBindings",
        """
        apiVersion  string                  APIVersion defines the versioned schema of this representation of an object.
        items       []rbac.v1.RoleBinding!  Items is a list of RoleBindings
        kind        string                  Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta        Standard object's metadata.
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "RoleBindingList"),
    ),
    define(
        "rbac.v1.RoleList",
        "RoleList is a collection of Roles",
        """
        apiVersion  string            APIVersion defines the versioned schema of this representation of an object.
        items       []rbac.v1.Role!   Items is a list of Roles
        kind        string            Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta  Standard object's metadata.
        """,
        gvk=("rbac.authorization.k8s.io", "v1", "RoleList"),
    ),
    define(
        "rbac.v1.RoleRef",
        "RoleRef contains information that points to the role being used",
        """
        apiGroup  string   apiGroup is the group for the resource being referenced
        kind      string!  kind is the type of resource being referenced
        name      string!  name is the name of resource being referenced
        """,
    ),
    define(
        "rbac.v1.Subject",
        "Subject contains a reference to the object or user identities a role binding applies to.",
        """
        apiGroup   string   apiGroup holds the API group of the referenced subject.
        kind       string!  kind of object being referenced.
        name       string!  name of the object being referenced.
        namespace  string   namespace of the referenced object.
        """,
    ),
    define(
        "authentication.v1.SelfSubjectReview",
        "SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.",
        """
        apiVersion  string                                     APIVersion defines the versioned schema of this representation of an object.
        kind        string                                     Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                         metadata is standard object's metadata.
        status      authentication.v1.SelfSubjectReviewStatus  status is filled in by the server with the user attributes.
        """,
        gvk=("authentication.k8s.io", "v1", "SelfSubjectReview"),
    ),
    define(
        "authentication.v1.SelfSubjectReviewStatus",
        "SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.",
        """
        userInfo  authentication.v1.UserInfo  userInfo is a set of attributes belonging to the user making this request.
        """,
    ),
    define(
        "authentication.v1.UserInfo",
        "UserInfo holds the information about the user needed to implement the user.Info interface.",
        """
        extra     {}[]string  extra is any additional information provided by the authenticator.
        groups    []string    groups is the names of groups this user is a part of.
        uid       string      uid is a unique value that identifies this user across time.
        username  string      username is the name that uniquely identifies this user among all active users.
        """,
    ),
    define(
        "authorization.v1.NonResourceRule",
        "NonResourceRule holds information that describes a rule for the non-resource",
        """
        nonResourceURLs  []string   nonResourceURLs is a set of partial urls that a user should have access to.
        verbs            []string!  verbs is a list of kubernetes non-resource API verbs, like: get, post, put, delete, patch, head, options.
        """,
    ),
    define(
        "authorization.v1.ResourceRule",
        "ResourceRule is the list of actions the subject is allowed to perform on resources.",
        """
        apiGroups      []string   apiGroups is the name of the APIGroup that contains the resources.
        resourceNames  []string   resourceNames is an optional white list of names that the rule applies to.
        resources      []string   resources is a list of resources this rule applies to.
        verbs          []string!  verbs is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.
        """,
    ),
    define(
        "authorization.v1.SelfSubjectRulesReview",
        "SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.",
        """
        apiVersion  string                                        APIVersion defines the versioned schema of this representation of an object.
        kind        string                                        Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                            metadata is the standard list metadata.
        spec        authorization.v1.SelfSubjectRulesReviewSpec!  spec holds information about the request being evaluated.
        status      authorization.v1.SubjectRulesReviewStatus     status is filled in by the server and indicates the set of actions a user can perform.
        """,
        gvk=("authorization.k8s.io", "v1", "SelfSubjectRulesReview"),
    ),
    define(
        "authorization.v1.SelfSubjectRulesReviewSpec",
        "SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.",
        """
        namespace  string  namespace to evaluate rules for.
        """,
    ),
    define(
        "authorization.v1.SubjectRulesReviewStatus",
        "SubjectRulesReviewStatus contains the result of a rules check.",
        """
        evaluationError   string                               evaluationError can appear in combination with Rules.
        incomplete        boolean!                             incomplete is true when the rules returned by this call are incomplete.
        nonResourceRules  []authorization.v1.NonResourceRule!  nonResourceRules is the list of actions the subject is allowed to perform on non-resources.
        resourceRules     []authorization.v1.ResourceRule!     resourceRules is the list of actions the subject is allowed to perform on resources.
        """,
    ),
    define(
        "metrics.v1beta1.ContainerMetrics",
        "ContainerMetrics sets resource usage metrics of a container.",
        """
        name   string!               Container name corresponding to the one from pod.spec.containers.
        usage  {}resource.Quantity!  The memory usage is the memory working set.
        """,
    ),
    define(
        "metrics.v1beta1.NodeMetrics",
        "NodeMetrics sets resource usage metrics of a node.",
        """
        apiVersion  string                APIVersion defines the versioned schema of this representation of an object.
        kind        string                Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta    Standard object's metadata.
        timestamp   meta.v1.Time!         The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].
        usage       {}resource.Quantity!  The memory usage is the memory working set.
        window      meta.v1.Duration!
        """,
        gvk=("metrics.k8s.io", "v1beta1", "NodeMetrics"),
    ),
    define(
        "metrics.v1beta1.NodeMetricsList",
        "NodeMetricsList is a list of NodeMetrics.",
        """
        apiVersion  string                         APIVersion defines the versioned schema of this representation of an object.
        items       []metrics.v1beta1.NodeMetrics!  List of node metrics.
        kind        string                         Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta               Standard list metadata.
        """,
        gvk=("metrics.k8s.io", "v1beta1", "NodeMetricsList"),
    ),
    define(
        "metrics.v1beta1.PodMetrics",
        "PodMetrics sets resource usage metrics of a pod.",
        """
        apiVersion  string                               APIVersion defines the versioned schema of this representation of an object.
        containers  []metrics.v1beta1.ContainerMetrics!  Metrics for all containers are collected within the same time window.
        kind        string                               Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                   Standard object's metadata.
        timestamp   meta.v1.Time!                        The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].
        window      meta.v1.Duration!
        """,
        gvk=("metrics.k8s.io", "v1beta1", "PodMetrics"),
    ),
    define(
        "metrics.v1beta1.PodMetricsList",
        "PodMetricsList is a list of PodMetrics.",
        """
        apiVersion  string                        APIVersion defines the versioned schema of this representation of an object.
        items       []metrics.v1beta1.PodMetrics!  List of pod metrics.
        kind        string                        Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta              Standard list metadata.
        """,
        gvk=("metrics.k8s.io", "v1beta1", "PodMetricsList"),
    ),
    define(
        "apps.v1.RollingUpdateStatefulSetStrategy",
        "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.",
        """
        maxUnavailable  intstr.IntOrString  The maximum number of pods that can be unavailable during the update.
        partition       int32               Partition indicates the ordinal at which the StatefulSet should be partitioned for updates.
        """,
    ),
    define(
        "apps.v1.StatefulSet",
        "StatefulSet represents a set of pods with consistent identities.",
        """
        apiVersion  string                     APIVersion defines the versioned schema of this representation of an object.
        kind        string                     Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta         Standard object's metadata.
        spec        apps.v1.StatefulSetSpec!   Spec defines the desired identities of pods in this set.
        status      apps.v1.StatefulSetStatus  Status is the current status of Pods in this StatefulSet.
        """,
        gvk=("apps", "v1", "StatefulSet"),
    ),
    define(
        "apps.v1.StatefulSetCondition",
        "StatefulSetCondition describes the state of a statefulset at a certain point.",
        """
        lastTransitionTime  meta.v1.Time  Last time the condition transitioned from one status to another.
        message             string        A human readable message indicating details about the transition.
        reason              string        The reason for the condition's last transition.
        status              string        Status of the condition, one of True, False, Unknown.
        type                string        Type of statefulset condition.
        """,
    ),
    define(
        "apps.v1.StatefulSetList",
        "StatefulSetList is a collection of StatefulSets.",
        """
        apiVersion  string                  APIVersion defines the versioned schema of this representation of an object.
        items       []apps.v1.StatefulSet!  Items is the list of stateful sets.
        kind        string                  Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta        Standard list's metadata.
        """,
        gvk=("apps", "v1", "StatefulSetList"),
    ),
    define(
        "apps.v1.StatefulSetOrdinals",
        "StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.",
        """
        start  int32  start is the number representing the first replica's index.
        """,
    ),
    define(
        "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        "StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.",
        """
        whenDeleted  string  WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.
        whenScaled   string  WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.
        """,
    ),
    define(
        "apps.v1.StatefulSetSpec",
        "A StatefulSetSpec is the specification of a StatefulSet.",
        """
        minReadySeconds                       int32                                                    Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available.
        ordinals                              apps.v1.StatefulSetOrdinals                              ordinals controls the numbering of replica indices in a StatefulSet.
        persistentVolumeClaimRetentionPolicy  apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy  persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.
        podManagementPolicy                   string                                                   podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down.
        replicas                              int32                                                    replicas is the desired number of replicas of the given Template.
        revisionHistoryLimit                  int32                                                    revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history.
        selector                              meta.v1.LabelSelector!                                   selector is a label query over pods that should match the replica count.
        serviceName                           string                                                   serviceName is the name of the service that governs this StatefulSet.
        template                              core.v1.PodTemplateSpec!                                 template is the object that describes the pod that will be created if insufficient replicas are detected.
        updateStrategy                        apps.v1.StatefulSetUpdateStrategy                        updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.
        volumeClaimTemplates                  []core.v1.PersistentVolumeClaim                          @list=atomic volumeClaimTemplates is a list of claims that pods are allowed to reference.
        """,
    ),
    define(
        "apps.v1.StatefulSetStatus",
        "StatefulSetStatus represents the current state of a StatefulSet.",
        """
        availableReplicas   int32                           Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.
        collisionCount      int32                           collisionCount is the count of hash collisions for the StatefulSet.
        conditions          []apps.v1.StatefulSetCondition  @merge=type @strategy=merge @list=map @keys=type Represents the latest available observations of a statefulset's current state.
        currentReplicas     int32                           currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.
        currentRevision     string                          currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).
        observedGeneration  int64                           observedGeneration is the most recent generation observed for this StatefulSet.
        readyReplicas       int32                           readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.
        replicas            int32!                          replicas is the number of Pods created by the StatefulSet controller.
        updateRevision      string                          updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)
        updatedReplicas     int32                           updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.
        """,
    ),
    define(
        "apps.v1.StatefulSetUpdateStrategy",
        "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.",
        """
        rollingUpdate  apps.v1.RollingUpdateStatefulSetStrategy  RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.
        type           string                                    Type indicates the type of the StatefulSetUpdateStrategy.
        """,
    ),
)
