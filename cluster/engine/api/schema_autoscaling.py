"""The kinds of autoscaling/v2: HorizontalPodAutoscaler and the types it holds."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "autoscaling.v2.ContainerResourceMetricSource",
        "ContainerResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).",
        """
        container  string!                       container is the name of the container in the pods of the scaling target
        name       string!                       name is the name of the resource in question.
        target     autoscaling.v2.MetricTarget!  target specifies the target value for the given metric
        """,
    ),
    define(
        "autoscaling.v2.ContainerResourceMetricStatus",
        "ContainerResourceMetricStatus indicates the current value of a resource metric known to Kubernetes, as specified in requests and limits, describing a single container in each pod in the current scale target (e.g. CPU or memory).",
        """
        container  string!                            container is the name of the container in the pods of the scaling target
        current    autoscaling.v2.MetricValueStatus!  current contains the current value for the given metric
        name       string!                            name is the name of the resource in question.
        """,
    ),
    define(
        "autoscaling.v2.CrossVersionObjectReference",
        "CrossVersionObjectReference contains enough information to let you identify the referred resource.",
        """
        apiVersion  string   apiVersion is the API version of the referent
        kind        string!  kind is the kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds
        name        string!  name is the name of the referent; More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names
        """,
    ),
    define(
        "autoscaling.v2.ExternalMetricSource",
        "ExternalMetricSource indicates how to scale on a metric not associated with any Kubernetes object (for example length of queue in cloud messaging service, or QPS from loadbalancer running outside of cluster).",
        """
        metric  autoscaling.v2.MetricIdentifier!  metric identifies the target metric by name and selector
        target  autoscaling.v2.MetricTarget!      target specifies the target value for the given metric
        """,
    ),
    define(
        "autoscaling.v2.ExternalMetricStatus",
        "ExternalMetricStatus indicates the current value of a global metric not associated with any Kubernetes object.",
        """
        current  autoscaling.v2.MetricValueStatus!  current contains the current value for the given metric
        metric   autoscaling.v2.MetricIdentifier!   metric identifies the target metric by name and selector
        """,
    ),
    define(
        "autoscaling.v2.HPAScalingPolicy",
        "HPAScalingPolicy is a single policy which must hold true for a specified past interval.",
        """
        periodSeconds  int32!   periodSeconds specifies the window of time for which the policy should hold true.
        type           string!  type is used to specify the scaling policy.
        value          int32!   value contains the amount of change which is permitted by the policy.
        """,
    ),
    define(
        "autoscaling.v2.HPAScalingRules",
        "HPAScalingRules configures the scaling behavior for one direction via scaling Policy Rules and a configurable metric tolerance.",
        """
        policies                    []autoscaling.v2.HPAScalingPolicy  @list=atomic policies is a list of potential scaling polices which can be used during scaling.
        selectPolicy                string                             selectPolicy is used to specify which policy should be used.
        stabilizationWindowSeconds  int32                              stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down.
        tolerance                   resource.Quantity                  tolerance is the tolerance on the ratio between the current and desired metric value under which no updates are made to the desired number of replicas (e.g. 0.01 for 1%).
        """,
    ),
    define(
        "autoscaling.v2.HorizontalPodAutoscaler",
        "HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.",
        """
        apiVersion  string                                        APIVersion defines the versioned schema of this representation of an object.
        kind        string                                        Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                            metadata is the standard object metadata.
        spec        autoscaling.v2.HorizontalPodAutoscalerSpec!   spec is the specification for the behaviour of the autoscaler.
        status      autoscaling.v2.HorizontalPodAutoscalerStatus  status is the current information about the autoscaler.
        """,
        gvk=("autoscaling", "v2", "HorizontalPodAutoscaler"),
    ),
    define(
        "autoscaling.v2.HorizontalPodAutoscalerBehavior",
        "HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).",
        """
        scaleDown  autoscaling.v2.HPAScalingRules  scaleDown is scaling policy for scaling Down.
        scaleUp    autoscaling.v2.HPAScalingRules  scaleUp is scaling policy for scaling Up.
        """,
    ),
    define(
        "autoscaling.v2.HorizontalPodAutoscalerCondition",
        "HorizontalPodAutoscalerCondition describes the state of a HorizontalPodAutoscaler at a certain point.",
        """
        lastTransitionTime  meta.v1.Time  lastTransitionTime is the last time the condition transitioned from one status to another
        message             string        message is a human-readable explanation containing details about the transition
        observedGeneration  int64         observedGeneration represents the .metadata.generation that the condition was set based upon.
        reason              string        reason is the reason for the condition's last transition.
        status              string!       status is the status of the condition (True, False, Unknown)
        type                string!       type describes the current condition
        """,
    ),
    define(
        "autoscaling.v2.HorizontalPodAutoscalerList",
        "HorizontalPodAutoscalerList is a list of horizontal pod autoscaler objects.",
        """
        apiVersion  string                                     APIVersion defines the versioned schema of this representation of an object.
        items       []autoscaling.v2.HorizontalPodAutoscaler!  items is the list of horizontal pod autoscaler objects.
        kind        string                                     Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                           metadata is the standard list metadata.
        """,
        gvk=("autoscaling", "v2", "HorizontalPodAutoscalerList"),
    ),
    define(
        "autoscaling.v2.HorizontalPodAutoscalerSpec",
        "HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.",
        """
        behavior        autoscaling.v2.HorizontalPodAutoscalerBehavior  behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).
        maxReplicas     int32!                                          maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.
        metrics         []autoscaling.v2.MetricSpec                     @list=atomic metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).
        minReplicas     int32                                           minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.
        scaleTargetRef  autoscaling.v2.CrossVersionObjectReference!     scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.
        """,
    ),
    define(
        "autoscaling.v2.HorizontalPodAutoscalerStatus",
        "HorizontalPodAutoscalerStatus describes the current status of a horizontal pod autoscaler.",
        """
        conditions          []autoscaling.v2.HorizontalPodAutoscalerCondition  @merge=type @strategy=merge @list=map @keys=type conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met.
        currentMetrics      []autoscaling.v2.MetricStatus                      @list=atomic currentMetrics is the last read state of the metrics used by this autoscaler.
        currentReplicas     int32                                              currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.
        desiredReplicas     int32!                                             desiredReplicas is the desired number of replicas of pods managed by this autoscaler, as last calculated by the autoscaler.
        lastScaleTime       meta.v1.Time                                       lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods, used by the autoscaler to control how often the number of pods is changed.
        observedGeneration  int64                                              observedGeneration is the most recent generation observed by this autoscaler.
        """,
    ),
    define(
        "autoscaling.v2.MetricIdentifier",
        "MetricIdentifier defines the name and optionally selector for a metric",
        """
        name      string!                name is the name of the given metric
        selector  meta.v1.LabelSelector  selector is the string-encoded form of a standard kubernetes label selector for the given metric When set, it is passed as an additional parameter to the metrics server for more specific metrics scoping.
        """,
    ),
    define(
        "autoscaling.v2.MetricSpec",
        "MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).",
        """
        containerResource  autoscaling.v2.ContainerResourceMetricSource  containerResource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing a single container in each pod of the current scale target (e.g. CPU or memory).
        external           autoscaling.v2.ExternalMetricSource           external refers to a global metric that is not associated with any Kubernetes object.
        object             autoscaling.v2.ObjectMetricSource             object refers to a metric describing a single kubernetes object (for example, hits-per-second on an Ingress object).
        pods               autoscaling.v2.PodsMetricSource               pods refers to a metric describing each pod in the current scale target (for example, transactions-processed-per-second).
        resource           autoscaling.v2.ResourceMetricSource           resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory).
        type               string!                                       type is the type of metric source.
        """,
    ),
    define(
        "autoscaling.v2.MetricStatus",
        "MetricStatus describes the last-read state of a single metric.",
        """
        containerResource  autoscaling.v2.ContainerResourceMetricStatus  containerResource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing a single container in each pod in the current scale target (e.g. CPU or memory).
        external           autoscaling.v2.ExternalMetricStatus           external refers to a global metric that is not associated with any Kubernetes object.
        object             autoscaling.v2.ObjectMetricStatus             object refers to a metric describing a single kubernetes object (for example, hits-per-second on an Ingress object).
        pods               autoscaling.v2.PodsMetricStatus               pods refers to a metric describing each pod in the current scale target (for example, transactions-processed-per-second).
        resource           autoscaling.v2.ResourceMetricStatus           resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory).
        type               string!                                       type is the type of metric source.
        """,
    ),
    define(
        "autoscaling.v2.MetricTarget",
        "MetricTarget defines the target value, average value, or average utilization of a specific metric",
        """
        averageUtilization  int32              averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods.
        averageValue        resource.Quantity  averageValue is the target value of the average of the metric across all relevant pods (as a quantity)
        type                string!            type represents whether the metric type is Utilization, Value, or AverageValue
        value               resource.Quantity  value is the target value of the metric (as a quantity).
        """,
    ),
    define(
        "autoscaling.v2.MetricValueStatus",
        "MetricValueStatus holds the current value for a metric",
        """
        averageUtilization  int32              averageUtilization is the current value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods.
        averageValue        resource.Quantity  averageValue is the current value of the average of the metric across all relevant pods (as a quantity)
        value               resource.Quantity  value is the current value of the metric (as a quantity).
        """,
    ),
    define(
        "autoscaling.v2.ObjectMetricSource",
        "ObjectMetricSource indicates how to scale on a metric describing a kubernetes object (for example, hits-per-second on an Ingress object).",
        """
        describedObject  autoscaling.v2.CrossVersionObjectReference!  describedObject specifies the descriptions of a object,such as kind,name apiVersion
        metric           autoscaling.v2.MetricIdentifier!             metric identifies the target metric by name and selector
        target           autoscaling.v2.MetricTarget!                 target specifies the target value for the given metric
        """,
    ),
    define(
        "autoscaling.v2.ObjectMetricStatus",
        "ObjectMetricStatus indicates the current value of a metric describing a kubernetes object (for example, hits-per-second on an Ingress object).",
        """
        current          autoscaling.v2.MetricValueStatus!            current contains the current value for the given metric
        describedObject  autoscaling.v2.CrossVersionObjectReference!  describedObject specifies the descriptions of a object,such as kind,name apiVersion
        metric           autoscaling.v2.MetricIdentifier!             metric identifies the target metric by name and selector
        """,
    ),
    define(
        "autoscaling.v2.PodsMetricSource",
        "PodsMetricSource indicates how to scale on a metric describing each pod in the current scale target (for example, transactions-processed-per-second).",
        """
        metric  autoscaling.v2.MetricIdentifier!  metric identifies the target metric by name and selector
        target  autoscaling.v2.MetricTarget!      target specifies the target value for the given metric
        """,
    ),
    define(
        "autoscaling.v2.PodsMetricStatus",
        "PodsMetricStatus indicates the current value of a metric describing each pod in the current scale target (for example, transactions-processed-per-second).",
        """
        current  autoscaling.v2.MetricValueStatus!  current contains the current value for the given metric
        metric   autoscaling.v2.MetricIdentifier!   metric identifies the target metric by name and selector
        """,
    ),
    define(
        "autoscaling.v2.ResourceMetricSource",
        "ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).",
        """
        name    string!                       name is the name of the resource in question.
        target  autoscaling.v2.MetricTarget!  target specifies the target value for the given metric
        """,
    ),
    define(
        "autoscaling.v2.ResourceMetricStatus",
        "ResourceMetricStatus indicates the current value of a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).",
        """
        current  autoscaling.v2.MetricValueStatus!  current contains the current value for the given metric
        name     string!                            name is the name of the resource in question.
        """,
    ),
)
