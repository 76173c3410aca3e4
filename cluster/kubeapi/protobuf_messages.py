"""The messages of Kubernetes' protobuf encoding that protobuf.py can read: for each, its
fields by number as `NUMBER=JSONNAME:TYPE` plus flags. Written by scripts/protobuf_messages.py.

Field numbers, names and types are those of Kubernetes' `generated.proto` files (k8s.io/api
and k8s.io/apimachinery, 1.37); which zero values JSON keeps comes from the Go types' `json`
tags. TYPE is a scalar (s string, i int32/int64, b bool, y bytes), a message JSON writes as
a scalar (time, microtime, quantity, intorstr, raw), or a message below. `T*` is a repeated
field, `{T}` a map with string keys. Flags: `!` keeps a zero value (a pointer in Go, or no
`omitempty`; an absent list or map is then null), `~` drops a zero message (`omitzero`).
JSONNAME `^` inlines the message's fields into its parent (`json:",inline"`); `[]` says the
message is only a list (a Go slice type such as ExtraValue).
"""

# (apiVersion, kind) → the message of that kind
KINDS: dict[tuple[str, str], str] = {
    ("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy"): "ValidatingAdmissionPolicy",
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicyBinding",
    ): "ValidatingAdmissionPolicyBinding",
    ("apps/v1", "DaemonSet"): "DaemonSet",
    ("apps/v1", "Deployment"): "Deployment",
    ("apps/v1", "ReplicaSet"): "ReplicaSet",
    ("apps/v1", "StatefulSet"): "StatefulSet",
    ("authentication.k8s.io/v1", "SelfSubjectReview"): "SelfSubjectReview",
    ("authentication.k8s.io/v1", "TokenRequest"): "TokenRequest",
    ("authentication.k8s.io/v1", "TokenReview"): "TokenReview",
    ("authorization.k8s.io/v1", "LocalSubjectAccessReview"): "LocalSubjectAccessReview",
    ("authorization.k8s.io/v1", "SelfSubjectAccessReview"): "SelfSubjectAccessReview",
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview"): "SelfSubjectRulesReview",
    ("authorization.k8s.io/v1", "SubjectAccessReview"): "SubjectAccessReview",
    ("autoscaling/v1", "HorizontalPodAutoscaler"): "autoscaling.v1.HorizontalPodAutoscaler",
    ("autoscaling/v1", "Scale"): "Scale",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "autoscaling.v2.HorizontalPodAutoscaler",
    ("batch/v1", "CronJob"): "CronJob",
    ("batch/v1", "Job"): "Job",
    ("certificates.k8s.io/v1", "CertificateSigningRequest"): "CertificateSigningRequest",
    ("coordination.k8s.io/v1", "Lease"): "Lease",
    ("meta.k8s.io/v1", "DeleteOptions"): "DeleteOptions",
    ("networking.k8s.io/v1", "IPAddress"): "IPAddress",
    ("networking.k8s.io/v1", "Ingress"): "Ingress",
    ("networking.k8s.io/v1", "ServiceCIDR"): "ServiceCIDR",
    ("node.k8s.io/v1", "RuntimeClass"): "RuntimeClass",
    ("policy/v1", "Eviction"): "Eviction",
    ("policy/v1", "PodDisruptionBudget"): "PodDisruptionBudget",
    ("rbac.authorization.k8s.io/v1", "ClusterRole"): "ClusterRole",
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"): "ClusterRoleBinding",
    ("rbac.authorization.k8s.io/v1", "Role"): "Role",
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): "RoleBinding",
    ("scheduling.k8s.io/v1", "PriorityClass"): "PriorityClass",
    ("v1", "Binding"): "Binding",
    ("v1", "ConfigMap"): "ConfigMap",
    ("v1", "Endpoints"): "Endpoints",
    ("v1", "Event"): "Event",
    ("v1", "LimitRange"): "LimitRange",
    ("v1", "Namespace"): "Namespace",
    ("v1", "Node"): "Node",
    ("v1", "PersistentVolume"): "PersistentVolume",
    ("v1", "PersistentVolumeClaim"): "PersistentVolumeClaim",
    ("v1", "Pod"): "Pod",
    ("v1", "PodTemplate"): "PodTemplate",
    ("v1", "ReplicationController"): "ReplicationController",
    ("v1", "ResourceQuota"): "ResourceQuota",
    ("v1", "Secret"): "Secret",
    ("v1", "Service"): "Service",
    ("v1", "ServiceAccount"): "ServiceAccount",
}

MESSAGES: dict[str, str] = {
    "AWSElasticBlockStoreVolumeSource": "1=volumeID:s! 2=fsType:s 3=partition:i 4=readOnly:b",
    "Affinity": (
        "1=nodeAffinity:NodeAffinity 2=podAffinity:PodAffinity 3=podAntiAffinity:PodAntiAffinity"
    ),
    "AggregationRule": "1=clusterRoleSelectors:LabelSelector*",
    "AppArmorProfile": "1=type:s! 2=localhostProfile:s!",
    "AttachedVolume": "1=name:s! 2=devicePath:s!",
    "AttestationValue": "1=[]:s*",
    "AuditAnnotation": "1=key:s! 2=valueExpression:s!",
    "AzureDiskVolumeSource": (
        "1=diskName:s! 2=diskURI:s! 3=cachingMode:s! 4=fsType:s! 5=readOnly:b! 6=kind:s!"
    ),
    "AzureFilePersistentVolumeSource": (
        "1=secretName:s! 2=shareName:s! 3=readOnly:b 4=secretNamespace:s!"
    ),
    "AzureFileVolumeSource": "1=secretName:s! 2=shareName:s! 3=readOnly:b",
    "Binding": "1=metadata:ObjectMeta 2=target:ObjectReference",
    "BoundObjectReference": "1=kind:s 2=apiVersion:s 3=name:s 4=uid:s",
    "CSIPersistentVolumeSource": (
        "1=driver:s! 2=volumeHandle:s! 3=readOnly:b 4=fsType:s 5=volumeAttributes:{s} "
        "6=controllerPublishSecretRef:SecretReference 7=nodeStageSecretRef:SecretReference "
        "8=nodePublishSecretRef:SecretReference 9=controllerExpandSecretRef:SecretReference "
        "10=nodeExpandSecretRef:SecretReference"
    ),
    "CSIVolumeSource": (
        "1=driver:s! 2=readOnly:b! 3=fsType:s! 4=volumeAttributes:{s} "
        "5=nodePublishSecretRef:LocalObjectReference"
    ),
    "Capabilities": "1=add:s* 2=drop:s*",
    "CephFSPersistentVolumeSource": (
        "1=monitors:s*! 2=path:s 3=user:s 4=secretFile:s 5=secretRef:SecretReference 6=readOnly:b"
    ),
    "CephFSVolumeSource": (
        "1=monitors:s*! 2=path:s 3=user:s 4=secretFile:s 5=secretRef:LocalObjectReference "
        "6=readOnly:b"
    ),
    "CertificateSigningRequest": (
        "1=metadata:ObjectMeta 2=spec:CertificateSigningRequestSpec "
        "3=status:CertificateSigningRequestStatus"
    ),
    "CertificateSigningRequestCondition": (
        "1=type:s! 6=status:s! 2=reason:s 3=message:s 4=lastUpdateTime:time "
        "5=lastTransitionTime:time"
    ),
    "CertificateSigningRequestSpec": (
        "1=request:y! 7=signerName:s! 8=expirationSeconds:i! 5=usages:s* 2=username:s 3=uid:s "
        "4=groups:s* 6=extra:{certificates.v1.ExtraValue}"
    ),
    "CertificateSigningRequestStatus": (
        "1=conditions:CertificateSigningRequestCondition* 2=certificate:y"
    ),
    "CinderPersistentVolumeSource": (
        "1=volumeID:s! 2=fsType:s 3=readOnly:b 4=secretRef:SecretReference"
    ),
    "CinderVolumeSource": "1=volumeID:s! 2=fsType:s 3=readOnly:b 4=secretRef:LocalObjectReference",
    "ClientIPConfig": "1=timeoutSeconds:i!",
    "ClusterRole": "1=metadata:ObjectMeta 2=rules:PolicyRule*! 3=aggregationRule:AggregationRule",
    "ClusterRoleBinding": "1=metadata:ObjectMeta 2=subjects:Subject* 3=roleRef:RoleRef",
    "ClusterTrustBundleProjection": (
        "1=name:s! 2=signerName:s! 3=labelSelector:LabelSelector 5=optional:b! 4=path:s! 6=user:i!"
    ),
    "Condition": (
        "1=type:s! 2=status:s! 3=observedGeneration:i 4=lastTransitionTime:time 5=reason:s! "
        "6=message:s!"
    ),
    "ConfigMap": "1=metadata:ObjectMeta 4=immutable:b! 2=data:{s} 3=binaryData:{y}",
    "ConfigMapEnvSource": "1=^:LocalObjectReference 2=optional:b!",
    "ConfigMapKeySelector": "1=^:LocalObjectReference 2=key:s! 3=optional:b!",
    "ConfigMapNodeConfigSource": (
        "1=namespace:s! 2=name:s! 3=uid:s 4=resourceVersion:s 5=kubeletConfigKey:s!"
    ),
    "ConfigMapProjection": "1=^:LocalObjectReference 2=items:KeyToPath* 4=optional:b!",
    "ConfigMapVolumeSource": (
        "1=^:LocalObjectReference 2=items:KeyToPath* 3=defaultMode:i! 4=optional:b! "
        "5=defaultUser:i!"
    ),
    "Container": (
        "1=name:s! 2=image:s 3=command:s* 4=args:s* 5=workingDir:s 6=ports:ContainerPort* "
        "19=envFrom:EnvFromSource* 7=env:EnvVar* 8=resources:ResourceRequirements "
        "23=resizePolicy:ContainerResizePolicy* 24=restartPolicy:s! "
        "25=restartPolicyRules:ContainerRestartRule* 9=volumeMounts:VolumeMount* "
        "21=volumeDevices:VolumeDevice* 10=livenessProbe:Probe 11=readinessProbe:Probe "
        "22=startupProbe:Probe 12=lifecycle:Lifecycle 13=terminationMessagePath:s "
        "20=terminationMessagePolicy:s 14=imagePullPolicy:s 15=securityContext:SecurityContext "
        "16=stdin:b 17=stdinOnce:b 18=tty:b"
    ),
    "ContainerExtendedResourceRequest": "1=containerName:s! 2=resourceName:s! 3=requestName:s!",
    "ContainerImage": "1=names:s*! 2=sizeBytes:i",
    "ContainerPort": "1=name:s 2=hostPort:i 3=containerPort:i! 4=protocol:s 5=hostIP:s",
    "ContainerResizePolicy": "1=resourceName:s! 2=restartPolicy:s!",
    "ContainerResourceMetricSource": "1=name:s! 2=target:MetricTarget 3=container:s!",
    "ContainerResourceMetricStatus": "1=name:s! 2=current:MetricValueStatus 3=container:s!",
    "ContainerRestartRule": "1=action:s 2=exitCodes:ContainerRestartRuleOnExitCodes",
    "ContainerRestartRuleOnExitCodes": "1=operator:s 2=values:i*",
    "ContainerState": (
        "1=waiting:ContainerStateWaiting 2=running:ContainerStateRunning "
        "3=terminated:ContainerStateTerminated"
    ),
    "ContainerStateRunning": "1=startedAt:time",
    "ContainerStateTerminated": (
        "1=exitCode:i! 2=signal:i 3=reason:s 4=message:s 5=startedAt:time 6=finishedAt:time "
        "7=containerID:s"
    ),
    "ContainerStateWaiting": "1=reason:s 2=message:s",
    "ContainerStatus": (
        "1=name:s! 2=state:ContainerState 3=lastState:ContainerState 4=ready:b! 5=restartCount:i! "
        "6=image:s! 7=imageID:s! 8=containerID:s 9=started:b! 10=allocatedResources:{quantity} "
        "11=resources:ResourceRequirements 12=volumeMounts:VolumeMountStatus* "
        "13=user:ContainerUser 14=allocatedResourcesStatus:ResourceStatus* 15=stopSignal:s!"
    ),
    "ContainerUser": "1=linux:LinuxContainerUser",
    "CronJob": "1=metadata:ObjectMeta 2=spec:CronJobSpec 3=status:CronJobStatus",
    "CronJobSpec": (
        "1=schedule:s! 8=timeZone:s! 2=startingDeadlineSeconds:i! 3=concurrencyPolicy:s "
        "4=suspend:b! 5=jobTemplate:JobTemplateSpec 6=successfulJobsHistoryLimit:i! "
        "7=failedJobsHistoryLimit:i!"
    ),
    "CronJobStatus": "1=active:ObjectReference* 4=lastScheduleTime:time 5=lastSuccessfulTime:time",
    "DaemonEndpoint": "1=Port:i!",
    "DaemonSet": "1=metadata:ObjectMeta 2=spec:DaemonSetSpec 3=status:DaemonSetStatus",
    "DaemonSetCondition": "1=type:s! 2=status:s! 3=lastTransitionTime:time 4=reason:s 5=message:s",
    "DaemonSetSpec": (
        "1=selector:LabelSelector 2=template:PodTemplateSpec "
        "3=updateStrategy:DaemonSetUpdateStrategy 4=minReadySeconds:i 6=revisionHistoryLimit:i!"
    ),
    "DaemonSetStatus": (
        "1=currentNumberScheduled:i! 2=numberMisscheduled:i! 3=desiredNumberScheduled:i! "
        "4=numberReady:i! 5=observedGeneration:i 6=updatedNumberScheduled:i 7=numberAvailable:i "
        "8=numberUnavailable:i 9=collisionCount:i! 10=conditions:DaemonSetCondition*"
    ),
    "DaemonSetUpdateStrategy": "1=type:s 2=rollingUpdate:RollingUpdateDaemonSet",
    "DeleteOptions": (
        "1=gracePeriodSeconds:i! 2=preconditions:Preconditions 3=orphanDependents:b! "
        "4=propagationPolicy:s! 5=dryRun:s* 6=ignoreStoreReadErrorWithClusterBreakingPotential:b!"
    ),
    "Deployment": "1=metadata:ObjectMeta 2=spec:DeploymentSpec 3=status:DeploymentStatus",
    "DeploymentCondition": (
        "1=type:s! 2=status:s! 6=lastUpdateTime:time 7=lastTransitionTime:time 4=reason:s "
        "5=message:s"
    ),
    "DeploymentSpec": (
        "1=replicas:i! 2=selector:LabelSelector 3=template:PodTemplateSpec "
        "4=strategy:DeploymentStrategy 5=minReadySeconds:i 6=revisionHistoryLimit:i! 7=paused:b "
        "9=progressDeadlineSeconds:i!"
    ),
    "DeploymentStatus": (
        "1=observedGeneration:i 2=replicas:i 3=updatedReplicas:i 7=readyReplicas:i "
        "4=availableReplicas:i 5=unavailableReplicas:i 9=terminatingReplicas:i! "
        "6=conditions:DeploymentCondition* 8=collisionCount:i!"
    ),
    "DeploymentStrategy": "1=type:s 2=rollingUpdate:RollingUpdateDeployment",
    "DownwardAPIProjection": "1=items:DownwardAPIVolumeFile*",
    "DownwardAPIVolumeFile": (
        "1=path:s! 2=fieldRef:ObjectFieldSelector 3=resourceFieldRef:ResourceFieldSelector "
        "4=mode:i! 5=user:i!"
    ),
    "DownwardAPIVolumeSource": "1=items:DownwardAPIVolumeFile* 2=defaultMode:i! 3=defaultUser:i!",
    "EmptyDirVolumeSource": "1=medium:s 2=sizeLimit:quantity 3=mode:i!",
    "EndpointAddress": "1=ip:s! 3=hostname:s 4=nodeName:s! 2=targetRef:ObjectReference",
    "EndpointPort": "1=name:s 2=port:i! 3=protocol:s 4=appProtocol:s!",
    "EndpointSubset": (
        "1=addresses:EndpointAddress* 2=notReadyAddresses:EndpointAddress* 3=ports:EndpointPort*"
    ),
    "Endpoints": "1=metadata:ObjectMeta 2=subsets:EndpointSubset*",
    "EnvFromSource": "1=prefix:s 2=configMapRef:ConfigMapEnvSource 3=secretRef:SecretEnvSource",
    "EnvVar": "1=name:s! 2=value:s 3=valueFrom:EnvVarSource",
    "EnvVarSource": (
        "1=fieldRef:ObjectFieldSelector 2=resourceFieldRef:ResourceFieldSelector "
        "3=configMapKeyRef:ConfigMapKeySelector 4=secretKeyRef:SecretKeySelector "
        "5=fileKeyRef:FileKeySelector"
    ),
    "EphemeralContainer": "1=^:EphemeralContainerCommon 2=targetContainerName:s",
    "EphemeralContainerCommon": (
        "1=name:s! 2=image:s 3=command:s* 4=args:s* 5=workingDir:s 6=ports:ContainerPort* "
        "19=envFrom:EnvFromSource* 7=env:EnvVar* 8=resources:ResourceRequirements "
        "23=resizePolicy:ContainerResizePolicy* 24=restartPolicy:s! "
        "25=restartPolicyRules:ContainerRestartRule* 9=volumeMounts:VolumeMount* "
        "21=volumeDevices:VolumeDevice* 10=livenessProbe:Probe 11=readinessProbe:Probe "
        "22=startupProbe:Probe 12=lifecycle:Lifecycle 13=terminationMessagePath:s "
        "20=terminationMessagePolicy:s 14=imagePullPolicy:s 15=securityContext:SecurityContext "
        "16=stdin:b 17=stdinOnce:b 18=tty:b"
    ),
    "EphemeralVolumeSource": "1=volumeClaimTemplate:PersistentVolumeClaimTemplate",
    "Event": (
        "1=metadata:ObjectMeta 2=involvedObject:ObjectReference 3=reason:s 4=message:s "
        "5=source:EventSource 6=firstTimestamp:time 7=lastTimestamp:time 8=count:i 9=type:s "
        "10=eventTime:microtime 11=series:EventSeries 12=action:s 13=related:ObjectReference "
        "14=reportingComponent:s! 15=reportingInstance:s!"
    ),
    "EventSeries": "1=count:i 2=lastObservedTime:microtime",
    "EventSource": "1=component:s 2=host:s",
    "Eviction": "1=metadata:ObjectMeta 2=deleteOptions:DeleteOptions",
    "EvictionResponder": "1=name:s! 2=priority:i!",
    "ExecAction": "1=command:s*",
    "ExpressionWarning": "2=fieldRef:s! 3=warning:s!",
    "ExternalMetricSource": "1=metric:MetricIdentifier 2=target:MetricTarget",
    "ExternalMetricStatus": "1=metric:MetricIdentifier 2=current:MetricValueStatus",
    "FCVolumeSource": "1=targetWWNs:s* 2=lun:i! 3=fsType:s 4=readOnly:b 5=wwids:s*",
    "FieldSelectorAttributes": "1=rawSelector:s 2=requirements:FieldSelectorRequirement*",
    "FieldSelectorRequirement": "1=key:s! 2=operator:s! 3=values:s*",
    "FileKeySelector": "1=volumeName:s! 2=path:s! 3=key:s! 4=optional:b!",
    "FlexPersistentVolumeSource": (
        "1=driver:s! 2=fsType:s 3=secretRef:SecretReference 4=readOnly:b 5=options:{s}"
    ),
    "FlexVolumeSource": (
        "1=driver:s! 2=fsType:s 3=secretRef:LocalObjectReference 4=readOnly:b 5=options:{s}"
    ),
    "FlockerVolumeSource": "1=datasetName:s 2=datasetUUID:s",
    "GCEPersistentDiskVolumeSource": "1=pdName:s! 2=fsType:s 3=partition:i 4=readOnly:b",
    "GRPCAction": "1=port:i! 2=service:s! 3=mode:s!",
    "GitRepoVolumeSource": "1=repository:s! 2=revision:s 3=directory:s",
    "GlusterfsPersistentVolumeSource": (
        "1=endpoints:s! 2=path:s! 3=readOnly:b 4=endpointsNamespace:s!"
    ),
    "GlusterfsVolumeSource": "1=endpoints:s! 2=path:s! 3=readOnly:b",
    "HPAScalingPolicy": "1=type:s! 2=value:i! 3=periodSeconds:i!",
    "HPAScalingRules": (
        "3=stabilizationWindowSeconds:i! 1=selectPolicy:s! 2=policies:HPAScalingPolicy* "
        "4=tolerance:quantity"
    ),
    "HTTPGetAction": (
        "1=path:s 2=port:intorstr 3=host:s 4=scheme:s 5=httpHeaders:HTTPHeader* 6=protocol:s!"
    ),
    "HTTPHeader": "1=name:s! 2=value:s!",
    "HTTPIngressPath": "1=path:s 3=pathType:s! 2=backend:IngressBackend",
    "HTTPIngressRuleValue": "1=paths:HTTPIngressPath*!",
    "HorizontalPodAutoscalerBehavior": "1=scaleUp:HPAScalingRules 2=scaleDown:HPAScalingRules",
    "HorizontalPodAutoscalerCondition": (
        "1=type:s! 2=status:s! 3=lastTransitionTime:time 4=reason:s 5=message:s "
        "6=observedGeneration:i!"
    ),
    "HostAlias": "1=ip:s! 2=hostnames:s*",
    "HostIP": "1=ip:s!",
    "HostPathVolumeSource": "1=path:s! 2=type:s!",
    "IPAddress": "1=metadata:ObjectMeta 2=spec:IPAddressSpec",
    "IPAddressSpec": "1=parentRef:ParentReference",
    "ISCSIPersistentVolumeSource": (
        "1=targetPortal:s! 2=iqn:s! 3=lun:i! 4=iscsiInterface:s 5=fsType:s 6=readOnly:b "
        "7=portals:s* 8=chapAuthDiscovery:b 11=chapAuthSession:b 10=secretRef:SecretReference "
        "12=initiatorName:s!"
    ),
    "ISCSIVolumeSource": (
        "1=targetPortal:s! 2=iqn:s! 3=lun:i! 4=iscsiInterface:s 5=fsType:s 6=readOnly:b "
        "7=portals:s* 8=chapAuthDiscovery:b 11=chapAuthSession:b "
        "10=secretRef:LocalObjectReference 12=initiatorName:s!"
    ),
    "ImageVolumeSource": "1=reference:s 2=pullPolicy:s",
    "ImageVolumeStatus": "1=imageRef:s",
    "Ingress": "1=metadata:ObjectMeta 2=spec:IngressSpec 3=status:IngressStatus",
    "IngressBackend": "4=service:IngressServiceBackend 3=resource:TypedLocalObjectReference",
    "IngressLoadBalancerIngress": "1=ip:s 2=hostname:s 4=ports:IngressPortStatus*",
    "IngressLoadBalancerStatus": "1=ingress:IngressLoadBalancerIngress*",
    "IngressPortStatus": "1=port:i! 2=protocol:s! 3=error:s!",
    "IngressRule": "1=host:s 2=^:IngressRuleValue",
    "IngressRuleValue": "1=http:HTTPIngressRuleValue",
    "IngressServiceBackend": "1=name:s! 2=port:ServiceBackendPort",
    "IngressSpec": (
        "4=ingressClassName:s! 1=defaultBackend:IngressBackend 2=tls:IngressTLS* "
        "3=rules:IngressRule*"
    ),
    "IngressStatus": "1=loadBalancer:IngressLoadBalancerStatus",
    "IngressTLS": "1=hosts:s* 2=secretName:s",
    "Job": "1=metadata:ObjectMeta 2=spec:JobSpec 3=status:JobStatus",
    "JobCondition": (
        "1=type:s! 2=status:s! 3=lastProbeTime:time 4=lastTransitionTime:time 5=reason:s "
        "6=message:s"
    ),
    "JobSchedulingConfiguration": "",
    "JobSpec": (
        "1=parallelism:i! 2=completions:i! 3=activeDeadlineSeconds:i! "
        "11=podFailurePolicy:PodFailurePolicy 16=successPolicy:SuccessPolicy 7=backoffLimit:i! "
        "12=backoffLimitPerIndex:i! 13=maxFailedIndexes:i! 4=selector:LabelSelector "
        "5=manualSelector:b! 6=template:PodTemplateSpec 8=ttlSecondsAfterFinished:i! "
        "9=completionMode:s! 10=suspend:b! 14=podReplacementPolicy:s! 15=managedBy:s! "
        "17=scheduling:JobSchedulingConfiguration"
    ),
    "JobStatus": (
        "1=conditions:JobCondition* 2=startTime:time 3=completionTime:time 4=active:i "
        "5=succeeded:i 6=failed:i 11=terminating:i! 7=completedIndexes:s 10=failedIndexes:s! "
        "8=uncountedTerminatedPods:UncountedTerminatedPods 9=ready:i!"
    ),
    "JobTemplateSpec": "1=metadata:ObjectMeta 2=spec:JobSpec",
    "KeyToPath": "1=key:s! 2=path:s! 3=mode:i! 4=user:i!",
    "LabelSelector": "1=matchLabels:{s} 2=matchExpressions:LabelSelectorRequirement*",
    "LabelSelectorAttributes": "1=rawSelector:s 2=requirements:LabelSelectorRequirement*",
    "LabelSelectorRequirement": "1=key:s! 2=operator:s! 3=values:s*",
    "Lease": "1=metadata:ObjectMeta 2=spec:LeaseSpec",
    "LeaseSpec": (
        "1=holderIdentity:s! 2=leaseDurationSeconds:i! 3=acquireTime:microtime "
        "4=renewTime:microtime 5=leaseTransitions:i! 6=strategy:s! 7=preferredHolder:s!"
    ),
    "Lifecycle": "1=postStart:LifecycleHandler 2=preStop:LifecycleHandler 3=stopSignal:s!",
    "LifecycleHandler": (
        "1=exec:ExecAction 2=httpGet:HTTPGetAction 3=tcpSocket:TCPSocketAction 4=sleep:SleepAction"
    ),
    "LimitRange": "1=metadata:ObjectMeta 2=spec:LimitRangeSpec",
    "LimitRangeItem": (
        "1=type:s! 2=max:{quantity} 3=min:{quantity} 4=default:{quantity} "
        "5=defaultRequest:{quantity} 6=maxLimitRequestRatio:{quantity}"
    ),
    "LimitRangeSpec": "1=limits:LimitRangeItem*!",
    "LinuxContainerUser": "1=uid:i! 2=gid:i! 3=supplementalGroups:i*",
    "LoadBalancerIngress": "1=ip:s 2=hostname:s 3=ipMode:s! 4=ports:PortStatus*",
    "LoadBalancerStatus": "1=ingress:LoadBalancerIngress*",
    "LocalObjectReference": "1=name:s",
    "LocalSubjectAccessReview": (
        "1=metadata:ObjectMeta 2=spec:SubjectAccessReviewSpec 3=status:SubjectAccessReviewStatus"
    ),
    "LocalVolumeSource": "1=path:s! 2=fsType:s!",
    "ManagedFieldsEntry": (
        "1=manager:s 2=operation:s 3=apiVersion:s 4=time:time 6=fieldsType:s 7=fieldsV1:raw "
        "8=subresource:s"
    ),
    "MatchCondition": "1=name:s! 2=expression:s!",
    "MatchResources": (
        "1=namespaceSelector:LabelSelector 2=objectSelector:LabelSelector "
        "3=resourceRules:NamedRuleWithOperations* 4=excludeResourceRules:NamedRuleWithOperations* "
        "7=matchPolicy:s!"
    ),
    "MetricIdentifier": "1=name:s! 2=selector:LabelSelector",
    "MetricSpec": (
        "1=type:s! 2=object:ObjectMetricSource 3=pods:PodsMetricSource "
        "4=resource:ResourceMetricSource 7=containerResource:ContainerResourceMetricSource "
        "5=external:ExternalMetricSource"
    ),
    "MetricStatus": (
        "1=type:s! 2=object:ObjectMetricStatus 3=pods:PodsMetricStatus "
        "4=resource:ResourceMetricStatus 7=containerResource:ContainerResourceMetricStatus "
        "5=external:ExternalMetricStatus"
    ),
    "MetricTarget": "1=type:s! 2=value:quantity 3=averageValue:quantity 4=averageUtilization:i!",
    "MetricValueStatus": "1=value:quantity 2=averageValue:quantity 3=averageUtilization:i!",
    "ModifyVolumeStatus": "1=targetVolumeAttributesClassName:s 2=status:s!",
    "NFSVolumeSource": "1=server:s! 2=path:s! 3=readOnly:b",
    "NamedRuleWithOperations": "1=resourceNames:s* 2=^:RuleWithOperations",
    "Namespace": "1=metadata:ObjectMeta 2=spec:NamespaceSpec 3=status:NamespaceStatus",
    "NamespaceCondition": "1=type:s! 2=status:s! 4=lastTransitionTime:time 5=reason:s 6=message:s",
    "NamespaceSpec": "1=finalizers:s*",
    "NamespaceStatus": "1=phase:s 2=conditions:NamespaceCondition*",
    "Node": "1=metadata:ObjectMeta 2=spec:NodeSpec 3=status:NodeStatus",
    "NodeAddress": "1=type:s! 2=address:s!",
    "NodeAffinity": (
        "1=requiredDuringSchedulingIgnoredDuringExecution:NodeSelector "
        "2=preferredDuringSchedulingIgnoredDuringExecution:PreferredSchedulingTerm*"
    ),
    "NodeAllocatableMappedResources": "1=name:s! 2=quantity:quantity",
    "NodeAllocatableOverheadResources": "1=name:s! 2=perPod:quantity 3=perContainer:quantity",
    "NodeAllocatableResourceClaimStatus": (
        "1=resourceClaimName:s! 2=containers:s* 4=mapping:NodeAllocatableMappedResources* "
        "5=overhead:NodeAllocatableOverheadResources*"
    ),
    "NodeCondition": (
        "1=type:s! 2=status:s! 3=lastHeartbeatTime:time 4=lastTransitionTime:time 5=reason:s "
        "6=message:s"
    ),
    "NodeConfigSource": "2=configMap:ConfigMapNodeConfigSource",
    "NodeConfigStatus": (
        "1=assigned:NodeConfigSource 2=active:NodeConfigSource 3=lastKnownGood:NodeConfigSource "
        "4=error:s"
    ),
    "NodeDaemonEndpoints": "1=kubeletEndpoint:DaemonEndpoint",
    "NodeFeatures": "1=supplementalGroupsPolicy:b!",
    "NodePodPreemptionPolicy": "1=disableResizePreemption:s*",
    "NodeRuntimeHandler": "1=name:s! 2=features:NodeRuntimeHandlerFeatures",
    "NodeRuntimeHandlerFeatures": "1=recursiveReadOnlyMounts:b! 2=userNamespaces:b!",
    "NodeSelector": "1=nodeSelectorTerms:NodeSelectorTerm*!",
    "NodeSelectorRequirement": "1=key:s! 2=operator:s! 3=values:s*",
    "NodeSelectorTerm": (
        "1=matchExpressions:NodeSelectorRequirement* 2=matchFields:NodeSelectorRequirement*"
    ),
    "NodeSpec": (
        "1=podCIDR:s 7=podCIDRs:s* 3=providerID:s 4=unschedulable:b 5=taints:Taint* "
        "6=configSource:NodeConfigSource 2=externalID:s "
        "8=podPreemptionPolicy:NodePodPreemptionPolicy"
    ),
    "NodeStatus": (
        "1=capacity:{quantity} 2=allocatable:{quantity} 3=phase:s 4=conditions:NodeCondition* "
        "5=addresses:NodeAddress* 6=daemonEndpoints:NodeDaemonEndpoints 7=nodeInfo:NodeSystemInfo "
        "8=images:ContainerImage* 9=volumesInUse:s* 10=volumesAttached:AttachedVolume* "
        "11=config:NodeConfigStatus 12=runtimeHandlers:NodeRuntimeHandler* "
        "13=features:NodeFeatures 14=declaredFeatures:s*"
    ),
    "NodeSwapStatus": "1=capacity:i!",
    "NodeSystemInfo": (
        "1=machineID:s! 2=systemUUID:s! 3=bootID:s! 4=kernelVersion:s! 5=osImage:s! "
        "6=containerRuntimeVersion:s! 7=kubeletVersion:s! 8=kubeProxyVersion:s! "
        "9=operatingSystem:s! 10=architecture:s! 11=swap:NodeSwapStatus"
    ),
    "NonResourceAttributes": "1=path:s 2=verb:s",
    "NonResourceRule": "1=verbs:s*! 2=nonResourceURLs:s*",
    "ObjectFieldSelector": "1=apiVersion:s 2=fieldPath:s!",
    "ObjectMeta": (
        "1=name:s 2=generateName:s 3=namespace:s 4=selfLink:s 5=uid:s 6=resourceVersion:s "
        "7=generation:i 8=creationTimestamp:time~ 9=deletionTimestamp:time "
        "10=deletionGracePeriodSeconds:i! 11=labels:{s} 12=annotations:{s} "
        "13=ownerReferences:OwnerReference* 14=finalizers:s* 17=managedFields:ManagedFieldsEntry*"
    ),
    "ObjectMetricSource": (
        "1=describedObject:autoscaling.v2.CrossVersionObjectReference 2=target:MetricTarget "
        "3=metric:MetricIdentifier"
    ),
    "ObjectMetricStatus": (
        "1=metric:MetricIdentifier 2=current:MetricValueStatus "
        "3=describedObject:autoscaling.v2.CrossVersionObjectReference"
    ),
    "ObjectReference": (
        "1=kind:s 2=namespace:s 3=name:s 4=uid:s 5=apiVersion:s 6=resourceVersion:s 7=fieldPath:s"
    ),
    "Overhead": "1=podFixed:{quantity}",
    "OwnerReference": (
        "5=apiVersion:s! 1=kind:s! 3=name:s! 4=uid:s! 6=controller:b! 7=blockOwnerDeletion:b!"
    ),
    "ParamKind": "1=apiVersion:s 2=kind:s",
    "ParamRef": "1=name:s 2=namespace:s 3=selector:LabelSelector 4=parameterNotFoundAction:s!",
    "ParentReference": "1=group:s 2=resource:s 3=namespace:s 4=name:s",
    "PersistentVolume": (
        "1=metadata:ObjectMeta 2=spec:PersistentVolumeSpec 3=status:PersistentVolumeStatus"
    ),
    "PersistentVolumeClaim": (
        "1=metadata:ObjectMeta 2=spec:PersistentVolumeClaimSpec "
        "3=status:PersistentVolumeClaimStatus"
    ),
    "PersistentVolumeClaimCondition": (
        "1=type:s! 2=status:s! 3=lastProbeTime:time 4=lastTransitionTime:time 5=reason:s "
        "6=message:s"
    ),
    "PersistentVolumeClaimSpec": (
        "1=accessModes:s* 4=selector:LabelSelector 2=resources:VolumeResourceRequirements "
        "3=volumeName:s 5=storageClassName:s! 6=volumeMode:s! "
        "7=dataSource:TypedLocalObjectReference 8=dataSourceRef:TypedObjectReference "
        "9=volumeAttributesClassName:s!"
    ),
    "PersistentVolumeClaimStatus": (
        "1=phase:s 2=accessModes:s* 3=capacity:{quantity} "
        "4=conditions:PersistentVolumeClaimCondition* 5=allocatedResources:{quantity} "
        "7=allocatedResourceStatuses:{s} 8=currentVolumeAttributesClassName:s! "
        "9=modifyVolumeStatus:ModifyVolumeStatus 10=healthStatus:VolumeHealthStatus"
    ),
    "PersistentVolumeClaimTemplate": "1=metadata:ObjectMeta 2=spec:PersistentVolumeClaimSpec",
    "PersistentVolumeClaimVolumeSource": "1=claimName:s! 2=readOnly:b",
    "PersistentVolumeSource": (
        "1=gcePersistentDisk:GCEPersistentDiskVolumeSource "
        "2=awsElasticBlockStore:AWSElasticBlockStoreVolumeSource 3=hostPath:HostPathVolumeSource "
        "4=glusterfs:GlusterfsPersistentVolumeSource 5=nfs:NFSVolumeSource "
        "6=rbd:RBDPersistentVolumeSource 7=iscsi:ISCSIPersistentVolumeSource "
        "8=cinder:CinderPersistentVolumeSource 9=cephfs:CephFSPersistentVolumeSource "
        "10=fc:FCVolumeSource 11=flocker:FlockerVolumeSource "
        "12=flexVolume:FlexPersistentVolumeSource 13=azureFile:AzureFilePersistentVolumeSource "
        "14=vsphereVolume:VsphereVirtualDiskVolumeSource 15=quobyte:QuobyteVolumeSource "
        "16=azureDisk:AzureDiskVolumeSource "
        "17=photonPersistentDisk:PhotonPersistentDiskVolumeSource "
        "18=portworxVolume:PortworxVolumeSource 19=scaleIO:ScaleIOPersistentVolumeSource "
        "20=local:LocalVolumeSource 21=storageos:StorageOSPersistentVolumeSource "
        "22=csi:CSIPersistentVolumeSource"
    ),
    "PersistentVolumeSpec": (
        "1=capacity:{quantity} 2=^:PersistentVolumeSource 3=accessModes:s* "
        "4=claimRef:ObjectReference 5=persistentVolumeReclaimPolicy:s 6=storageClassName:s "
        "7=mountOptions:s* 8=volumeMode:s! 9=nodeAffinity:VolumeNodeAffinity "
        "10=volumeAttributesClassName:s!"
    ),
    "PersistentVolumeStatus": "1=phase:s 2=message:s 3=reason:s 4=lastPhaseTransitionTime:time",
    "PhotonPersistentDiskVolumeSource": "1=pdID:s! 2=fsType:s",
    "Pod": "1=metadata:ObjectMeta 2=spec:PodSpec 3=status:PodStatus",
    "PodAffinity": (
        "1=requiredDuringSchedulingIgnoredDuringExecution:PodAffinityTerm* "
        "2=preferredDuringSchedulingIgnoredDuringExecution:WeightedPodAffinityTerm*"
    ),
    "PodAffinityTerm": (
        "1=labelSelector:LabelSelector 2=namespaces:s* 3=topologyKey:s! "
        "4=namespaceSelector:LabelSelector 5=matchLabelKeys:s* 6=mismatchLabelKeys:s*"
    ),
    "PodAntiAffinity": (
        "1=requiredDuringSchedulingIgnoredDuringExecution:PodAffinityTerm* "
        "2=preferredDuringSchedulingIgnoredDuringExecution:WeightedPodAffinityTerm*"
    ),
    "PodCertificateProjection": (
        "1=signerName:s 2=keyType:s 3=maxExpirationSeconds:i! 4=credentialBundlePath:s "
        "5=keyPath:s 6=certificateChainPath:s 7=userAnnotations:{s} 8=user:i!"
    ),
    "PodCondition": (
        "1=type:s! 7=observedGeneration:i 2=status:s! 3=lastProbeTime:time "
        "4=lastTransitionTime:time 5=reason:s 6=message:s"
    ),
    "PodDNSConfig": "1=nameservers:s* 2=searches:s* 3=options:PodDNSConfigOption*",
    "PodDNSConfigOption": "1=name:s 2=value:s!",
    "PodDisruptionBudget": (
        "1=metadata:ObjectMeta 2=spec:PodDisruptionBudgetSpec 3=status:PodDisruptionBudgetStatus"
    ),
    "PodDisruptionBudgetSpec": (
        "1=minAvailable:intorstr 2=selector:LabelSelector 3=maxUnavailable:intorstr "
        "4=unhealthyPodEvictionPolicy:s!"
    ),
    "PodDisruptionBudgetStatus": (
        "1=observedGeneration:i 2=disruptedPods:{time} 3=disruptionsAllowed:i! "
        "4=currentHealthy:i! 5=desiredHealthy:i! 6=expectedPods:i! 7=conditions:Condition*"
    ),
    "PodExtendedResourceClaimStatus": (
        "1=requestMappings:ContainerExtendedResourceRequest*! 2=resourceClaimName:s!"
    ),
    "PodFailurePolicy": "1=rules:PodFailurePolicyRule*!",
    "PodFailurePolicyOnExitCodesRequirement": "1=containerName:s! 2=operator:s! 3=values:i*!",
    "PodFailurePolicyOnPodConditionsPattern": "1=type:s! 2=status:s!",
    "PodFailurePolicyRule": (
        "1=action:s! 2=onExitCodes:PodFailurePolicyOnExitCodesRequirement "
        "3=onPodConditions:PodFailurePolicyOnPodConditionsPattern*"
    ),
    "PodIP": "1=ip:s!",
    "PodOS": "1=name:s!",
    "PodReadinessGate": "1=conditionType:s!",
    "PodResourceClaim": "1=name:s! 3=resourceClaimName:s! 4=resourceClaimTemplateName:s!",
    "PodResourceClaimStatus": "1=name:s! 2=resourceClaimName:s!",
    "PodSchedulingGate": "1=name:s!",
    "PodSchedulingGroup": "1=podGroupName:s!",
    "PodSecurityContext": (
        "1=seLinuxOptions:SELinuxOptions 8=windowsOptions:WindowsSecurityContextOptions "
        "2=runAsUser:i! 6=runAsGroup:i! 3=runAsNonRoot:b! 4=supplementalGroups:i* "
        "12=supplementalGroupsPolicy:s! 5=fsGroup:i! 7=sysctls:Sysctl* 9=fsGroupChangePolicy:s! "
        "10=seccompProfile:SeccompProfile 11=appArmorProfile:AppArmorProfile "
        "13=seLinuxChangePolicy:s!"
    ),
    "PodSpec": (
        "1=volumes:Volume* 20=initContainers:Container* 2=containers:Container*! "
        "34=ephemeralContainers:EphemeralContainer* 3=restartPolicy:s "
        "4=terminationGracePeriodSeconds:i! 5=activeDeadlineSeconds:i! 6=dnsPolicy:s "
        "7=nodeSelector:{s} 8=serviceAccountName:s 9=serviceAccount:s "
        "21=automountServiceAccountToken:b! 10=nodeName:s 11=hostNetwork:b 12=hostPID:b "
        "13=hostIPC:b 27=shareProcessNamespace:b! 14=securityContext:PodSecurityContext "
        "15=imagePullSecrets:LocalObjectReference* 16=hostname:s 17=subdomain:s "
        "18=affinity:Affinity 19=schedulerName:s 22=tolerations:Toleration* "
        "23=hostAliases:HostAlias* 24=priorityClassName:s 25=priority:i! "
        "26=dnsConfig:PodDNSConfig 28=readinessGates:PodReadinessGate* 29=runtimeClassName:s! "
        "30=enableServiceLinks:b! 31=preemptionPolicy:s! 32=overhead:{quantity} "
        "33=topologySpreadConstraints:TopologySpreadConstraint* 35=setHostnameAsFQDN:b! "
        "36=os:PodOS 37=hostUsers:b! 38=schedulingGates:PodSchedulingGate* "
        "39=resourceClaims:PodResourceClaim* 40=resources:ResourceRequirements "
        "41=hostnameOverride:s! 43=schedulingGroup:PodSchedulingGroup "
        "44=evictionResponders:EvictionResponder*"
    ),
    "PodStatus": (
        "17=observedGeneration:i 1=phase:s 2=conditions:PodCondition* 3=message:s 4=reason:s "
        "11=nominatedNodeName:s 5=hostIP:s 16=hostIPs:HostIP* 6=podIP:s 12=podIPs:PodIP* "
        "7=startTime:time 10=initContainerStatuses:ContainerStatus* "
        "8=containerStatuses:ContainerStatus* 9=qosClass:s "
        "13=ephemeralContainerStatuses:ContainerStatus* 14=resize:s "
        "15=resourceClaimStatuses:PodResourceClaimStatus* "
        "18=extendedResourceClaimStatus:PodExtendedResourceClaimStatus "
        "19=allocatedResources:{quantity} 20=resources:ResourceRequirements "
        "21=nodeAllocatableResourceClaimStatuses:NodeAllocatableResourceClaimStatus* "
        "22=volumeHealth:PodVolumeHealth*"
    ),
    "PodTemplate": "1=metadata:ObjectMeta 2=template:PodTemplateSpec",
    "PodTemplateSpec": "1=metadata:ObjectMeta 2=spec:PodSpec",
    "PodVolumeHealth": (
        "1=name:s! 2=healthConditions:VolumeHealthCondition* 3=lastTransitionTime:time"
    ),
    "PodsMetricSource": "1=metric:MetricIdentifier 2=target:MetricTarget",
    "PodsMetricStatus": "1=metric:MetricIdentifier 2=current:MetricValueStatus",
    "PolicyRule": (
        "1=verbs:s*! 2=apiGroups:s* 3=resources:s* 4=resourceNames:s* 5=nonResourceURLs:s*"
    ),
    "PortStatus": "1=port:i! 2=protocol:s! 3=error:s!",
    "PortworxVolumeSource": "1=volumeID:s! 2=fsType:s 3=readOnly:b",
    "Preconditions": "1=uid:s! 2=resourceVersion:s!",
    "PreferredSchedulingTerm": "1=weight:i! 2=preference:NodeSelectorTerm",
    "PriorityClass": (
        "1=metadata:ObjectMeta 2=value:i! 3=globalDefault:b 4=description:s 5=preemptionPolicy:s!"
    ),
    "Probe": (
        "1=^:ProbeHandler 2=initialDelaySeconds:i 3=timeoutSeconds:i 4=periodSeconds:i "
        "5=successThreshold:i 6=failureThreshold:i 7=terminationGracePeriodSeconds:i!"
    ),
    "ProbeHandler": (
        "1=exec:ExecAction 2=httpGet:HTTPGetAction 3=tcpSocket:TCPSocketAction 4=grpc:GRPCAction"
    ),
    "ProjectedVolumeSource": "1=sources:VolumeProjection*! 2=defaultMode:i! 3=defaultUser:i!",
    "QuobyteVolumeSource": "1=registry:s! 2=volume:s! 3=readOnly:b 4=user:s 5=group:s 6=tenant:s",
    "RBDPersistentVolumeSource": (
        "1=monitors:s*! 2=image:s! 3=fsType:s 4=pool:s 5=user:s 6=keyring:s "
        "7=secretRef:SecretReference 8=readOnly:b"
    ),
    "RBDVolumeSource": (
        "1=monitors:s*! 2=image:s! 3=fsType:s 4=pool:s 5=user:s 6=keyring:s "
        "7=secretRef:LocalObjectReference 8=readOnly:b"
    ),
    "ReplicaSet": "1=metadata:ObjectMeta 2=spec:ReplicaSetSpec 3=status:ReplicaSetStatus",
    "ReplicaSetCondition": "1=type:s! 2=status:s! 3=lastTransitionTime:time 4=reason:s 5=message:s",
    "ReplicaSetSpec": (
        "1=replicas:i! 4=minReadySeconds:i 2=selector:LabelSelector 3=template:PodTemplateSpec"
    ),
    "ReplicaSetStatus": (
        "1=replicas:i! 2=fullyLabeledReplicas:i 4=readyReplicas:i 5=availableReplicas:i "
        "7=terminatingReplicas:i! 3=observedGeneration:i 6=conditions:ReplicaSetCondition*"
    ),
    "ReplicationController": (
        "1=metadata:ObjectMeta 2=spec:ReplicationControllerSpec "
        "3=status:ReplicationControllerStatus"
    ),
    "ReplicationControllerCondition": (
        "1=type:s! 2=status:s! 3=lastTransitionTime:time 4=reason:s 5=message:s"
    ),
    "ReplicationControllerSpec": (
        "1=replicas:i! 4=minReadySeconds:i 2=selector:{s} 3=template:PodTemplateSpec"
    ),
    "ReplicationControllerStatus": (
        "1=replicas:i! 2=fullyLabeledReplicas:i 4=readyReplicas:i 5=availableReplicas:i "
        "3=observedGeneration:i 6=conditions:ReplicationControllerCondition*"
    ),
    "ResourceAttributes": (
        "1=namespace:s 2=verb:s 3=group:s 4=version:s 5=resource:s 6=subresource:s 7=name:s "
        "8=fieldSelector:FieldSelectorAttributes 9=labelSelector:LabelSelectorAttributes"
    ),
    "ResourceClaim": "1=name:s! 2=request:s",
    "ResourceFieldSelector": "1=containerName:s 2=resource:s! 3=divisor:quantity",
    "ResourceHealth": "1=resourceID:s! 2=health:s 6=message:s!",
    "ResourceMetricSource": "1=name:s! 2=target:MetricTarget",
    "ResourceMetricStatus": "1=name:s! 2=current:MetricValueStatus",
    "ResourceQuota": "1=metadata:ObjectMeta 2=spec:ResourceQuotaSpec 3=status:ResourceQuotaStatus",
    "ResourceQuotaSpec": "1=hard:{quantity} 2=scopes:s* 3=scopeSelector:ScopeSelector",
    "ResourceQuotaStatus": "1=hard:{quantity} 2=used:{quantity}",
    "ResourceRequirements": "1=limits:{quantity} 2=requests:{quantity} 3=claims:ResourceClaim*",
    "ResourceRule": "1=verbs:s*! 2=apiGroups:s* 3=resources:s* 4=resourceNames:s*",
    "ResourceStatus": "1=name:s! 2=resources:ResourceHealth*",
    "Role": "1=metadata:ObjectMeta 2=rules:PolicyRule*!",
    "RoleBinding": "1=metadata:ObjectMeta 2=subjects:Subject* 3=roleRef:RoleRef",
    "RoleRef": "1=apiGroup:s! 2=kind:s! 3=name:s!",
    "RollingUpdateDaemonSet": "1=maxUnavailable:intorstr 2=maxSurge:intorstr",
    "RollingUpdateDeployment": "1=maxUnavailable:intorstr 2=maxSurge:intorstr",
    "RollingUpdateStatefulSetStrategy": "1=partition:i! 2=maxUnavailable:intorstr",
    "Rule": "1=apiGroups:s* 2=apiVersions:s* 3=resources:s* 4=scope:s!",
    "RuleWithOperations": "1=operations:s* 2=^:Rule",
    "RuntimeClass": (
        "1=metadata:ObjectMeta 2=handler:s! 3=overhead:Overhead 4=scheduling:Scheduling"
    ),
    "SELinuxOptions": "1=user:s 2=role:s 3=type:s 4=level:s",
    "Scale": "1=metadata:ObjectMeta 2=spec:ScaleSpec 3=status:ScaleStatus",
    "ScaleIOPersistentVolumeSource": (
        "1=gateway:s! 2=system:s! 3=secretRef:SecretReference 4=sslEnabled:b 5=protectionDomain:s "
        "6=storagePool:s 7=storageMode:s 8=volumeName:s 9=fsType:s 10=readOnly:b"
    ),
    "ScaleIOVolumeSource": (
        "1=gateway:s! 2=system:s! 3=secretRef:LocalObjectReference 4=sslEnabled:b "
        "5=protectionDomain:s 6=storagePool:s 7=storageMode:s 8=volumeName:s 9=fsType:s "
        "10=readOnly:b"
    ),
    "ScaleSpec": "1=replicas:i",
    "ScaleStatus": "1=replicas:i! 2=selector:s",
    "Scheduling": "1=nodeSelector:{s} 2=tolerations:Toleration*",
    "ScopeSelector": "1=matchExpressions:ScopedResourceSelectorRequirement*",
    "ScopedResourceSelectorRequirement": "1=scopeName:s! 2=operator:s! 3=values:s*",
    "SeccompProfile": "1=type:s! 2=localhostProfile:s!",
    "Secret": "1=metadata:ObjectMeta 5=immutable:b! 2=data:{y} 4=stringData:{s} 3=type:s",
    "SecretEnvSource": "1=^:LocalObjectReference 2=optional:b!",
    "SecretKeySelector": "1=^:LocalObjectReference 2=key:s! 3=optional:b!",
    "SecretProjection": "1=^:LocalObjectReference 2=items:KeyToPath* 4=optional:b!",
    "SecretReference": "1=name:s 2=namespace:s",
    "SecretVolumeSource": (
        "1=secretName:s 2=items:KeyToPath* 3=defaultMode:i! 4=optional:b! 5=defaultUser:i!"
    ),
    "SecurityContext": (
        "1=capabilities:Capabilities 2=privileged:b! 3=seLinuxOptions:SELinuxOptions "
        "10=windowsOptions:WindowsSecurityContextOptions 4=runAsUser:i! 8=runAsGroup:i! "
        "5=runAsNonRoot:b! 6=readOnlyRootFilesystem:b! 7=allowPrivilegeEscalation:b! "
        "9=procMount:s! 11=seccompProfile:SeccompProfile 12=appArmorProfile:AppArmorProfile"
    ),
    "SelfSubjectAccessReview": (
        "1=metadata:ObjectMeta 2=spec:SelfSubjectAccessReviewSpec "
        "3=status:SubjectAccessReviewStatus"
    ),
    "SelfSubjectAccessReviewSpec": (
        "1=resourceAttributes:ResourceAttributes 2=nonResourceAttributes:NonResourceAttributes"
    ),
    "SelfSubjectReview": "1=metadata:ObjectMeta 2=status:SelfSubjectReviewStatus",
    "SelfSubjectReviewStatus": "1=userInfo:UserInfo",
    "SelfSubjectRulesReview": (
        "1=metadata:ObjectMeta 2=spec:SelfSubjectRulesReviewSpec 3=status:SubjectRulesReviewStatus"
    ),
    "SelfSubjectRulesReviewSpec": "1=namespace:s",
    "Service": "1=metadata:ObjectMeta 2=spec:ServiceSpec 3=status:ServiceStatus",
    "ServiceAccount": (
        "1=metadata:ObjectMeta 2=secrets:ObjectReference* "
        "3=imagePullSecrets:LocalObjectReference* 4=automountServiceAccountToken:b!"
    ),
    "ServiceAccountTokenProjection": "1=audience:s 2=expirationSeconds:i! 3=path:s! 4=user:i!",
    "ServiceBackendPort": "1=name:s 2=number:i",
    "ServiceCIDR": "1=metadata:ObjectMeta 2=spec:ServiceCIDRSpec 3=status:ServiceCIDRStatus",
    "ServiceCIDRSpec": "1=cidrs:s*",
    "ServiceCIDRStatus": "1=conditions:Condition*",
    "ServicePort": (
        "1=name:s 2=protocol:s 6=appProtocol:s! 3=port:i! 4=targetPort:intorstr 5=nodePort:i"
    ),
    "ServiceSpec": (
        "1=ports:ServicePort* 2=selector:{s} 3=clusterIP:s 18=clusterIPs:s* 4=type:s "
        "5=externalIPs:s* 7=sessionAffinity:s 8=loadBalancerIP:s 9=loadBalancerSourceRanges:s* "
        "10=externalName:s 11=externalTrafficPolicy:s 12=healthCheckNodePort:i "
        "13=publishNotReadyAddresses:b 14=sessionAffinityConfig:SessionAffinityConfig "
        "19=ipFamilies:s* 17=ipFamilyPolicy:s! 20=allocateLoadBalancerNodePorts:b! "
        "21=loadBalancerClass:s! 22=internalTrafficPolicy:s! 23=trafficDistribution:s!"
    ),
    "ServiceStatus": "1=loadBalancer:LoadBalancerStatus 2=conditions:Condition*",
    "SessionAffinityConfig": "1=clientIP:ClientIPConfig",
    "SleepAction": "1=seconds:i!",
    "StatefulSet": "1=metadata:ObjectMeta 2=spec:StatefulSetSpec 3=status:StatefulSetStatus",
    "StatefulSetCondition": (
        "1=type:s! 2=status:s! 3=lastTransitionTime:time 4=reason:s 5=message:s"
    ),
    "StatefulSetOrdinals": "1=start:i!",
    "StatefulSetPersistentVolumeClaimRetentionPolicy": "1=whenDeleted:s 2=whenScaled:s",
    "StatefulSetSpec": (
        "1=replicas:i! 2=selector:LabelSelector 3=template:PodTemplateSpec "
        "4=volumeClaimTemplates:PersistentVolumeClaim* 5=serviceName:s! 6=podManagementPolicy:s "
        "7=updateStrategy:StatefulSetUpdateStrategy 8=revisionHistoryLimit:i! 9=minReadySeconds:i "
        "10=persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy "
        "11=ordinals:StatefulSetOrdinals"
    ),
    "StatefulSetStatus": (
        "1=observedGeneration:i 2=replicas:i! 3=readyReplicas:i 4=currentReplicas:i "
        "5=updatedReplicas:i 6=currentRevision:s 7=updateRevision:s 9=collisionCount:i! "
        "10=conditions:StatefulSetCondition* 11=availableReplicas:i!"
    ),
    "StatefulSetUpdateStrategy": "1=type:s 2=rollingUpdate:RollingUpdateStatefulSetStrategy",
    "StorageOSPersistentVolumeSource": (
        "1=volumeName:s 2=volumeNamespace:s 3=fsType:s 4=readOnly:b 5=secretRef:ObjectReference"
    ),
    "StorageOSVolumeSource": (
        "1=volumeName:s 2=volumeNamespace:s 3=fsType:s 4=readOnly:b "
        "5=secretRef:LocalObjectReference"
    ),
    "Subject": "1=kind:s! 2=apiGroup:s 3=name:s! 4=namespace:s",
    "SubjectAccessReview": (
        "1=metadata:ObjectMeta 2=spec:SubjectAccessReviewSpec 3=status:SubjectAccessReviewStatus"
    ),
    "SubjectAccessReviewSpec": (
        "1=resourceAttributes:ResourceAttributes 2=nonResourceAttributes:NonResourceAttributes "
        "3=user:s 4=groups:s* 5=extra:{authorization.v1.ExtraValue} 6=uid:s"
    ),
    "SubjectAccessReviewStatus": "1=allowed:b! 4=denied:b 2=reason:s 3=evaluationError:s",
    "SubjectRulesReviewStatus": (
        "1=resourceRules:ResourceRule*! 2=nonResourceRules:NonResourceRule*! 3=incomplete:b! "
        "4=evaluationError:s"
    ),
    "SuccessPolicy": "1=rules:SuccessPolicyRule*!",
    "SuccessPolicyRule": "1=succeededIndexes:s! 2=succeededCount:i!",
    "Sysctl": "1=name:s! 2=value:s!",
    "TCPSocketAction": "1=port:intorstr 2=host:s",
    "Taint": "1=key:s! 2=value:s 3=effect:s! 4=timeAdded:time",
    "TokenRequest": "1=metadata:ObjectMeta 2=spec:TokenRequestSpec 3=status:TokenRequestStatus",
    "TokenRequestSpec": (
        "1=audiences:s*! 4=expirationSeconds:i! 3=boundObjectRef:BoundObjectReference "
        "5=attestations:{AttestationValue}"
    ),
    "TokenRequestStatus": "1=token:s! 2=expirationTimestamp:time",
    "TokenReview": "1=metadata:ObjectMeta 2=spec:TokenReviewSpec 3=status:TokenReviewStatus",
    "TokenReviewSpec": "1=token:s 2=audiences:s*",
    "TokenReviewStatus": "1=authenticated:b 2=user:UserInfo 4=audiences:s* 3=error:s",
    "Toleration": "1=key:s 2=operator:s 3=value:s 4=effect:s 5=tolerationSeconds:i!",
    "TopologySpreadConstraint": (
        "1=maxSkew:i! 2=topologyKey:s! 3=whenUnsatisfiable:s! 4=labelSelector:LabelSelector "
        "5=minDomains:i! 6=nodeAffinityPolicy:s! 7=nodeTaintsPolicy:s! 8=matchLabelKeys:s*"
    ),
    "TypeChecking": "1=expressionWarnings:ExpressionWarning*",
    "TypedLocalObjectReference": "1=apiGroup:s! 2=kind:s! 3=name:s!",
    "TypedObjectReference": "1=apiGroup:s! 2=kind:s! 3=name:s! 4=namespace:s!",
    "UncountedTerminatedPods": "1=succeeded:s* 2=failed:s*",
    "UserInfo": "1=username:s 2=uid:s 3=groups:s* 4=extra:{authentication.v1.ExtraValue}",
    "ValidatingAdmissionPolicy": (
        "1=metadata:ObjectMeta 2=spec:ValidatingAdmissionPolicySpec "
        "3=status:ValidatingAdmissionPolicyStatus"
    ),
    "ValidatingAdmissionPolicyBinding": (
        "1=metadata:ObjectMeta 2=spec:ValidatingAdmissionPolicyBindingSpec"
    ),
    "ValidatingAdmissionPolicyBindingSpec": (
        "1=policyName:s 2=paramRef:ParamRef 3=matchResources:MatchResources 4=validationActions:s*"
    ),
    "ValidatingAdmissionPolicySpec": (
        "1=paramKind:ParamKind 2=matchConstraints:MatchResources 3=validations:Validation* "
        "4=failurePolicy:s! 5=auditAnnotations:AuditAnnotation* 6=matchConditions:MatchCondition* "
        "7=variables:Variable*"
    ),
    "ValidatingAdmissionPolicyStatus": (
        "1=observedGeneration:i 2=typeChecking:TypeChecking 3=conditions:Condition*"
    ),
    "Validation": "1=expression:s! 2=message:s 3=reason:s! 4=messageExpression:s",
    "Variable": "1=name:s! 2=expression:s!",
    "Volume": "1=name:s! 2=^:VolumeSource",
    "VolumeDevice": "1=name:s! 2=devicePath:s!",
    "VolumeHealthCondition": "1=status:s! 2=reason:s! 3=message:s",
    "VolumeHealthStatus": "1=healthConditions:VolumeHealthCondition* 2=lastTransitionTime:time",
    "VolumeMount": (
        "1=name:s! 2=readOnly:b 7=recursiveReadOnly:s! 3=mountPath:s! 4=subPath:s "
        "5=mountPropagation:s! 6=subPathExpr:s 8=bindMountOptions:s*"
    ),
    "VolumeMountStatus": (
        "1=name:s! 2=mountPath:s! 3=readOnly:b 4=recursiveReadOnly:s! 5=volumeStatus:VolumeStatus"
    ),
    "VolumeNodeAffinity": "1=required:NodeSelector",
    "VolumeProjection": (
        "1=secret:SecretProjection 2=downwardAPI:DownwardAPIProjection "
        "3=configMap:ConfigMapProjection 4=serviceAccountToken:ServiceAccountTokenProjection "
        "5=clusterTrustBundle:ClusterTrustBundleProjection "
        "6=podCertificate:PodCertificateProjection"
    ),
    "VolumeResourceRequirements": "1=limits:{quantity} 2=requests:{quantity}",
    "VolumeSource": (
        "1=hostPath:HostPathVolumeSource 2=emptyDir:EmptyDirVolumeSource "
        "3=gcePersistentDisk:GCEPersistentDiskVolumeSource "
        "4=awsElasticBlockStore:AWSElasticBlockStoreVolumeSource 5=gitRepo:GitRepoVolumeSource "
        "6=secret:SecretVolumeSource 7=nfs:NFSVolumeSource 8=iscsi:ISCSIVolumeSource "
        "9=glusterfs:GlusterfsVolumeSource "
        "10=persistentVolumeClaim:PersistentVolumeClaimVolumeSource 11=rbd:RBDVolumeSource "
        "12=flexVolume:FlexVolumeSource 13=cinder:CinderVolumeSource 14=cephfs:CephFSVolumeSource "
        "15=flocker:FlockerVolumeSource 16=downwardAPI:DownwardAPIVolumeSource "
        "17=fc:FCVolumeSource 18=azureFile:AzureFileVolumeSource "
        "19=configMap:ConfigMapVolumeSource 20=vsphereVolume:VsphereVirtualDiskVolumeSource "
        "21=quobyte:QuobyteVolumeSource 22=azureDisk:AzureDiskVolumeSource "
        "23=photonPersistentDisk:PhotonPersistentDiskVolumeSource "
        "26=projected:ProjectedVolumeSource 24=portworxVolume:PortworxVolumeSource "
        "25=scaleIO:ScaleIOVolumeSource 27=storageos:StorageOSVolumeSource 28=csi:CSIVolumeSource "
        "29=ephemeral:EphemeralVolumeSource 30=image:ImageVolumeSource"
    ),
    "VolumeStatus": "1=image:ImageVolumeStatus",
    "VsphereVirtualDiskVolumeSource": (
        "1=volumePath:s! 2=fsType:s 3=storagePolicyName:s 4=storagePolicyID:s"
    ),
    "WeightedPodAffinityTerm": "1=weight:i! 2=podAffinityTerm:PodAffinityTerm",
    "WindowsSecurityContextOptions": (
        "1=gmsaCredentialSpecName:s! 2=gmsaCredentialSpec:s! 3=runAsUserName:s! 4=hostProcess:b!"
    ),
    "authentication.v1.ExtraValue": "1=[]:s*",
    "authorization.v1.ExtraValue": "1=[]:s*",
    "autoscaling.v1.CrossVersionObjectReference": "1=kind:s! 2=name:s! 3=apiVersion:s",
    "autoscaling.v1.HorizontalPodAutoscaler": (
        "1=metadata:ObjectMeta 2=spec:autoscaling.v1.HorizontalPodAutoscalerSpec "
        "3=status:autoscaling.v1.HorizontalPodAutoscalerStatus"
    ),
    "autoscaling.v1.HorizontalPodAutoscalerSpec": (
        "1=scaleTargetRef:autoscaling.v1.CrossVersionObjectReference 2=minReplicas:i! "
        "3=maxReplicas:i! 4=targetCPUUtilizationPercentage:i!"
    ),
    "autoscaling.v1.HorizontalPodAutoscalerStatus": (
        "1=observedGeneration:i! 2=lastScaleTime:time 3=currentReplicas:i! 4=desiredReplicas:i! "
        "5=currentCPUUtilizationPercentage:i!"
    ),
    "autoscaling.v2.CrossVersionObjectReference": "1=kind:s! 2=name:s! 3=apiVersion:s",
    "autoscaling.v2.HorizontalPodAutoscaler": (
        "1=metadata:ObjectMeta 2=spec:autoscaling.v2.HorizontalPodAutoscalerSpec "
        "3=status:autoscaling.v2.HorizontalPodAutoscalerStatus"
    ),
    "autoscaling.v2.HorizontalPodAutoscalerSpec": (
        "1=scaleTargetRef:autoscaling.v2.CrossVersionObjectReference 2=minReplicas:i! "
        "3=maxReplicas:i! 4=metrics:MetricSpec* 5=behavior:HorizontalPodAutoscalerBehavior"
    ),
    "autoscaling.v2.HorizontalPodAutoscalerStatus": (
        "1=observedGeneration:i! 2=lastScaleTime:time 3=currentReplicas:i 4=desiredReplicas:i! "
        "5=currentMetrics:MetricStatus*! 6=conditions:HorizontalPodAutoscalerCondition*"
    ),
    "certificates.v1.ExtraValue": "1=[]:s*",
}
