"""The kinds of the batch group: CronJob, and Job with its pod failure and success policies; and the
alpha scheduling.k8s.io/v1alpha3 types its `scheduling` field (WorkloadWithJob, off by
default: the field is dropped on write) refers to."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "batch.v1.CronJob",
        "CronJob represents the configuration of a single cron job.",
        """
        apiVersion  string                  APIVersion defines the versioned schema of this representation of an object.
        kind        string                  Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta      Standard object's metadata.
        spec        batch.v1.CronJobSpec!   Specification of the desired behavior of a cron job, including the schedule.
        status      batch.v1.CronJobStatus  Current status of a cron job.
        """,
        gvk=("batch", "v1", "CronJob"),
    ),
    define(
        "batch.v1.CronJobList",
        "CronJobList is a collection of cron jobs.",
        """
        apiVersion  string               APIVersion defines the versioned schema of this representation of an object.
        items       []batch.v1.CronJob!  items is the list of CronJobs.
        kind        string               Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta     Standard list metadata.
        """,
        gvk=("batch", "v1", "CronJobList"),
    ),
    define(
        "batch.v1.CronJobSpec",
        "CronJobSpec describes how the job execution will look like and when it will actually run.",
        """
        concurrencyPolicy           string                     Specifies how to treat concurrent executions of a Job.
        failedJobsHistoryLimit      int32                      The number of failed finished jobs to retain.
        jobTemplate                 batch.v1.JobTemplateSpec!  Specifies the job that will be created when executing a CronJob.
        schedule                    string!                    The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.
        startingDeadlineSeconds     int64                      Optional deadline in seconds for starting the job if it misses scheduled time for any reason.
        successfulJobsHistoryLimit  int32                      The number of successful finished jobs to retain.
        suspend                     boolean                    This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.
        timeZone                    string                     The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.
        """,
    ),
    define(
        "batch.v1.CronJobStatus",
        "CronJobStatus represents the current state of a cron job.",
        """
        active              []core.v1.ObjectReference  @list=atomic A list of pointers to currently running jobs.
        lastScheduleTime    meta.v1.Time               Information when was the last time the job was successfully scheduled.
        lastSuccessfulTime  meta.v1.Time               Information when was the last time the job successfully completed.
        """,
    ),
    define(
        "batch.v1.JobTemplateSpec",
        "JobTemplateSpec describes the data a Job should have when created from a template",
        """
        metadata  meta.v1.ObjectMeta  Standard object's metadata of the jobs created from this template.
        spec      batch.v1.JobSpec    Specification of the desired behavior of the job.
        """,
    ),
    define(
        "batch.v1.Job",
        "Job represents the configuration of a single job.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  Standard object's metadata.
        spec        batch.v1.JobSpec    Specification of the desired behavior of a job.
        status      batch.v1.JobStatus  Current status of a job.
        """,
        gvk=("batch", "v1", "Job"),
    ),
    define(
        "batch.v1.JobCondition",
        "JobCondition describes current state of a job.",
        """
        lastProbeTime       meta.v1.Time  Last time the condition was checked.
        lastTransitionTime  meta.v1.Time  Last time the condition transit from one status to another.
        message             string        Human readable message indicating details about last transition.
        reason              string        (brief) reason for the condition's last transition.
        status              string!       Status of the condition, one of True, False, Unknown.
        type                string!       Type of job condition, Complete or Failed.
        """,
    ),
    define(
        "batch.v1.JobList",
        "JobList is a collection of jobs.",
        """
        apiVersion  string            APIVersion defines the versioned schema of this representation of an object.
        items       []batch.v1.Job!   items is the list of Jobs.
        kind        string            Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta  Standard list metadata.
        """,
        gvk=("batch", "v1", "JobList"),
    ),
    define(
        "batch.v1.JobSpec",
        "JobSpec describes how the job execution will look like.",
        """
        activeDeadlineSeconds    int64                      Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.
        backoffLimit             int32                      Specifies the number of retries before marking this job failed.
        backoffLimitPerIndex     int32                      Specifies the limit for the number of retries within an index before marking this index as failed.
        completionMode           string                     completionMode specifies how Pod completions are tracked.
        completions              int32                      Specifies the desired number of successfully finished pods the job should be run with.
        managedBy                string                     ManagedBy field indicates the controller that manages a Job.
        manualSelector           boolean                    manualSelector controls generation of pod labels and pod selectors.
        maxFailedIndexes         int32                      Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.
        parallelism              int32                      Specifies the maximum desired number of pods the job should run at any given time.
        podFailurePolicy         batch.v1.PodFailurePolicy  Specifies the policy of handling failed pods.
        podReplacementPolicy     string                     podReplacementPolicy specifies when to create replacement Pods.
        scheduling               batch.v1.JobSchedulingConfiguration  scheduling defines the Workload-aware Scheduling configuration for this Job.
        selector                 meta.v1.LabelSelector      A label query over pods that should match the pod count.
        successPolicy            batch.v1.SuccessPolicy     successPolicy specifies the policy when the Job can be declared as succeeded.
        suspend                  boolean                    suspend specifies whether the Job controller should create Pods or not.
        template                 core.v1.PodTemplateSpec!   Describes the pod that will be created when executing a job.
        ttlSecondsAfterFinished  int32                      ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).
        """,
    ),
    define(
        "batch.v1.JobStatus",
        "JobStatus represents the current state of a Job.",
        """
        active                   int32                             The number of pending and running pods which are not terminating (without a deletionTimestamp).
        completedIndexes         string                            completedIndexes holds the completed indexes when .spec.completionMode = "Indexed" in a text format.
        completionTime           meta.v1.Time                      Represents time when the job was completed.
        conditions               []batch.v1.JobCondition           @merge=type @strategy=merge @list=atomic The latest available observations of an object's current state.
        failed                   int32                             The number of pods which reached phase Failed.
        failedIndexes            string                            FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.
        ready                    int32                             The number of active pods which have a Ready condition and are not terminating (without a deletionTimestamp).
        startTime                meta.v1.Time                      Represents time when the job controller started processing a job.
        succeeded                int32                             The number of pods which reached phase Succeeded.
        terminating              int32                             The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).
        uncountedTerminatedPods  batch.v1.UncountedTerminatedPods  uncountedTerminatedPods holds the UIDs of Pods that have terminated but the job controller hasn't yet accounted for in the status counters.
        """,
    ),
    define(
        "batch.v1.PodFailurePolicy",
        "PodFailurePolicy describes how failed pods influence the backoffLimit.",
        """
        rules  []batch.v1.PodFailurePolicyRule!  @list=atomic A list of pod failure policy rules.
        """,
    ),
    define(
        "batch.v1.PodFailurePolicyOnExitCodesRequirement",
        "PodFailurePolicyOnExitCodesRequirement describes the requirement for handling a failed pod based on its container exit codes.",
        """
        containerName  string    Restricts the check for exit codes to the container with the specified name.
        operator       string!   Represents the relationship between the container exit code(s) and the specified values.
        values         []int32!  @list=set Specifies the set of values.
        """,
    ),
    define(
        "batch.v1.PodFailurePolicyOnPodConditionsPattern",
        "PodFailurePolicyOnPodConditionsPattern describes a pattern for matching an actual pod condition type.",
        """
        status  string   Specifies the required Pod condition status.
        type    string!  Specifies the required Pod condition type.
        """,
    ),
    define(
        "batch.v1.PodFailurePolicyRule",
        "PodFailurePolicyRule describes how a pod failure is handled when the requirements are met.",
        """
        action           string!                                            Specifies the action taken on a pod failure when the requirements are satisfied.
        onExitCodes      batch.v1.PodFailurePolicyOnExitCodesRequirement    Represents the requirement on the container exit codes.
        onPodConditions  []batch.v1.PodFailurePolicyOnPodConditionsPattern  @list=atomic Represents the requirement on the pod conditions.
        """,
    ),
    define(
        "batch.v1.SuccessPolicy",
        "SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes.",
        """
        rules  []batch.v1.SuccessPolicyRule!  @list=atomic rules represents the list of alternative rules for the declaring the Jobs as successful before `.status.succeeded >= .spec.completions`.
        """,
    ),
    define(
        "batch.v1.SuccessPolicyRule",
        "SuccessPolicyRule describes rule for declaring a Job as succeeded.",
        """
        succeededCount    int32   succeededCount specifies the minimal required size of the actual set of the succeeded indexes for the Job.
        succeededIndexes  string  succeededIndexes specifies the set of indexes which need to be contained in the actual set of the succeeded indexes for the Job.
        """,
    ),
    define(
        "batch.v1.UncountedTerminatedPods",
        "UncountedTerminatedPods holds UIDs of Pods that have terminated but haven't been accounted in Job status counters.",
        """
        failed     []string  @list=set failed holds UIDs of failed Pods.
        succeeded  []string  @list=set succeeded holds UIDs of succeeded Pods.
        """,
    ),
    define(
        "batch.v1.JobSchedulingConfiguration",
        "JobSchedulingConfiguration composes the reusable workload-aware scheduling building blocks.",
        """
        disruptionMode         scheduling.v1alpha3.WorkloadPodGroupDisruptionMode         DisruptionMode defines the mode in which the Job's pods can be disrupted.
        resourceClaims         []scheduling.v1alpha3.WorkloadPodGroupResourceClaim        @merge=name @strategy=merge @list=map @keys=name ResourceClaims defines which ResourceClaims may be shared among Pods in the Job.
        schedulingConstraints  scheduling.v1alpha3.WorkloadPodGroupSchedulingConstraints  SchedulingConstraints defines scheduling constraints (e.g. topology) for the Job's pods.
        schedulingPolicy       scheduling.v1alpha3.WorkloadPodGroupSchedulingPolicy       SchedulingPolicy defines the scheduling policy for this Job.
        """,
    ),
    define(
        "scheduling.v1alpha3.TopologyConstraint",
        "TopologyConstraint defines a topology constraint for a PodGroup.",
        """
        key  string!  key specifies the key of the node label representing the topology domain.
        """,
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupAllDisruptionMode",
        "WorkloadPodGroupAllDisruptionMode indicates that all pods in the group must be disrupted together.",
        "",
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupBasicSchedulingPolicy",
        "WorkloadPodGroupBasicSchedulingPolicy indicates standard Kubernetes scheduling behavior.",
        "",
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupDisruptionMode",
        "WorkloadPodGroupDisruptionMode defines how individual pods within a group can be disrupted.",
        """
        all     scheduling.v1alpha3.WorkloadPodGroupAllDisruptionMode     all specifies that all pods in the group must be disrupted together.
        single  scheduling.v1alpha3.WorkloadPodGroupSingleDisruptionMode  single specifies that pods can be disrupted independently from each other.
        """,
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupGangSchedulingPolicy",
        "WorkloadPodGroupGangSchedulingPolicy defines the parameters for gang (all-or-nothing) scheduling.",
        """
        minCount  int32  minCount is the minimum number of pods that must be scheduled at the same time for the scheduler to admit the entire group.
        """,
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupResourceClaim",
        "WorkloadPodGroupResourceClaim references a dynamic resource claim that is shared across pods in the group.",
        """
        name                       string!  name uniquely identifies this resource claim inside the group.
        resourceClaimName          string   resourceClaimName is the name of a ResourceClaim object in the same namespace.
        resourceClaimTemplateName  string   resourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace.
        """,
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupSchedulingConstraints",
        "WorkloadPodGroupSchedulingConstraints defines leaf-level scheduling constraints, such as topology.",
        """
        topology  []scheduling.v1alpha3.TopologyConstraint  @list=atomic topology specifies desired topological placements for all pods within the pod group.
        """,
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupSchedulingPolicy",
        "WorkloadPodGroupSchedulingPolicy defines the scheduling policy for a group of pods managed by a workload controller.",
        """
        basic  scheduling.v1alpha3.WorkloadPodGroupBasicSchedulingPolicy  basic specifies that standard, pod-by-pod Kubernetes scheduling behavior should be used.
        gang   scheduling.v1alpha3.WorkloadPodGroupGangSchedulingPolicy   gang specifies all-or-nothing scheduling semantics.
        """,
    ),
    define(
        "scheduling.v1alpha3.WorkloadPodGroupSingleDisruptionMode",
        "WorkloadPodGroupSingleDisruptionMode indicates that individual pods can be disrupted independently.",
        "",
    ),
)
