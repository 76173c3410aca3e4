"""core/v1 Pod and every type it holds: PodSpec, Container, Probe, Volume and its sources,
Affinity, Toleration, SecurityContext, PodStatus."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "core.v1.AWSElasticBlockStoreVolumeSource",
        "Represents a Persistent Disk resource in AWS.",
        """
        fsType     string   fsType is the filesystem type of the volume that you want to mount.
        partition  int32    partition is the partition in the volume that you want to mount.
        readOnly   boolean  readOnly value true will force the readOnly setting in VolumeMounts.
        volumeID   string!  volumeID is unique ID of the persistent disk resource in AWS (Amazon EBS volume).
        """,
    ),
    define(
        "core.v1.Affinity",
        "Affinity is a group of affinity scheduling rules.",
        """
        nodeAffinity     core.v1.NodeAffinity     Describes node affinity scheduling rules for the pod.
        podAffinity      core.v1.PodAffinity      Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s)).
        podAntiAffinity  core.v1.PodAntiAffinity  Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s)).
        """,
    ),
    define(
        "core.v1.AppArmorProfile",
        "AppArmorProfile defines a pod or container's AppArmor settings.",
        """
        localhostProfile  string   localhostProfile indicates a profile loaded on the node that should be used.
        type              string!  @enum=Localhost,RuntimeDefault,Unconfined type indicates which kind of AppArmor profile will be applied.
        """,
    ),
    define(
        "core.v1.AzureDiskVolumeSource",
        "AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.",
        """
        cachingMode  string   cachingMode is the Host Caching mode: None, Read Only, Read Write.
        diskName     string!  diskName is the Name of the data disk in the blob storage
        diskURI      string!  diskURI is the URI of data disk in the blob storage
        fsType       string   fsType is Filesystem type to mount.
        kind         string   kind expected values are Shared: multiple blob disks per storage account Dedicated: single blob disk per storage account Managed: azure managed data disk (only in managed availability set).
        readOnly     boolean  readOnly Defaults to false (read/write).
        """,
    ),
    define(
        "core.v1.AzureFileVolumeSource",
        "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.",
        """
        readOnly    boolean  readOnly defaults to false (read/write).
        secretName  string!  secretName is the name of secret that contains Azure Storage Account Name and Key
        shareName   string!  shareName is the azure share Name
        """,
    ),
    define(
        "core.v1.CSIVolumeSource",
        "Represents a source location of a volume to mount, managed by an external CSI driver",
        """
        driver                string!                       driver is the name of the CSI driver that handles this volume.
        fsType                string                        fsType to mount.
        nodePublishSecretRef  core.v1.LocalObjectReference
        readOnly              boolean                       readOnly specifies a read-only configuration for the volume.
        volumeAttributes      {}string                      volumeAttributes stores driver-specific properties that are passed to the CSI driver.
        """,
    ),
    define(
        "core.v1.Capabilities",
        "Adds and removes POSIX capabilities from running containers.",
        """
        add   []string  Added capabilities
        drop  []string  Removed capabilities
        """,
    ),
    define(
        "core.v1.CephFSVolumeSource",
        "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.",
        """
        monitors    []string!                     monitors is Required: Monitors is a collection of Ceph monitors
        path        string                        path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /
        readOnly    boolean                       readOnly is Optional: Defaults to false (read/write).
        secretFile  string                        secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret
        secretRef   core.v1.LocalObjectReference
        user        string                        user is optional: User is the rados user name, default is admin
        """,
    ),
    define(
        "core.v1.CinderVolumeSource",
        "Represents a cinder volume resource in Openstack.",
        """
        fsType     string                        fsType is the filesystem type to mount.
        readOnly   boolean                       readOnly defaults to false (read/write).
        secretRef  core.v1.LocalObjectReference
        volumeID   string!                       volumeID used to identify the volume in cinder.
        """,
    ),
    define(
        "core.v1.ClusterTrustBundleProjection",
        "ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.",
        """
        labelSelector  meta.v1.LabelSelector
        name           string                 Select a single ClusterTrustBundle by object name.
        optional       boolean                If true, don't block pod startup if the referenced ClusterTrustBundle(s) aren't available.
        path           string!                Relative path from the volume root to write the bundle.
        signerName     string                 Select all ClusterTrustBundles that match this signer name.
        user           int32                  user is Optional: The owner UID of the created file.
        """,
    ),
    define(
        "core.v1.ConfigMapEnvSource",
        "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.",
        """
        name      string   Name of the referent.
        optional  boolean  Specify whether the ConfigMap must be defined
        """,
    ),
    define(
        "core.v1.ConfigMapKeySelector",
        "Selects a key from a ConfigMap.",
        """
        key       string!  The key to select from the ConfigMap's Data field.
        name      string   Name of the referent.
        optional  boolean  Specify whether the ConfigMap or its key must be defined
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.ConfigMapProjection",
        "Adapts a ConfigMap into a projected volume.",
        """
        items     []core.v1.KeyToPath  items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value.
        name      string               Name of the referent.
        optional  boolean              optional specify whether the ConfigMap or its keys must be defined
        """,
    ),
    define(
        "core.v1.ConfigMapVolumeSource",
        "Adapts a ConfigMap into a volume.",
        """
        defaultMode  int32                defaultMode is optional: mode bits used to set permissions on created files by default.
        defaultUser  int32                defaultUser is Optional: The owner UID of the created files by default.
        items        []core.v1.KeyToPath  items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value.
        name         string               Name of the referent.
        optional     boolean              optional specify whether the ConfigMap or its keys must be defined
        """,
    ),
    define(
        "core.v1.Container",
        "A single application container that you want to run within a pod.",
        """
        args                      []string                         Arguments to the entrypoint.
        command                   []string                         Entrypoint array.
        env                       []core.v1.EnvVar                 @merge=name @strategy=merge @list=map @keys=name List of environment variables to set in the container.
        envFrom                   []core.v1.EnvFromSource          List of sources to populate environment variables in the container.
        image                     string                           Container image name.
        imagePullPolicy           string                           @enum=Always,IfNotPresent,Never Image pull policy.
        lifecycle                 core.v1.Lifecycle                Actions that the management system should take in response to container lifecycle events.
        livenessProbe             core.v1.Probe                    Periodic probe of container liveness.
        name                      string!                          Name of the container specified as a DNS_LABEL.
        ports                     []core.v1.ContainerPort          @merge=containerPort @strategy=merge @list=map @keys=containerPort,protocol List of ports to expose from the container.
        readinessProbe            core.v1.Probe                    Periodic probe of container service readiness.
        resizePolicy              []core.v1.ContainerResizePolicy  Resources resize policy for the container.
        resources                 core.v1.ResourceRequirements     Compute Resources required by this container.
        restartPolicy             string                           RestartPolicy defines the restart behavior of individual containers in a pod.
        restartPolicyRules        []core.v1.ContainerRestartRule   Represents a list of rules to be checked to determine if the container should be restarted on exit.
        securityContext           core.v1.SecurityContext          SecurityContext defines the security options the container should be run with.
        startupProbe              core.v1.Probe                    StartupProbe indicates that the Pod has successfully initialized.
        stdin                     boolean                          Whether this container should allocate a buffer for stdin in the container runtime.
        stdinOnce                 boolean                          Whether the container runtime should close the stdin channel after it has been opened by a single attach.
        terminationMessagePath    string                           Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem.
        terminationMessagePolicy  string                           @enum=FallbackToLogsOnError,File Indicate how the termination message should be populated.
        tty                       boolean                          Whether this container should allocate a TTY for itself, also requires 'stdin' to be true.
        volumeDevices             []core.v1.VolumeDevice           @merge=devicePath @strategy=merge @list=map @keys=devicePath volumeDevices is the list of block devices to be used by the container.
        volumeMounts              []core.v1.VolumeMount            @merge=mountPath @strategy=merge @list=map @keys=mountPath Pod volumes to mount into the container's filesystem.
        workingDir                string                           Container's working directory.
        """,
    ),
    define(
        "core.v1.ContainerExtendedResourceRequest",
        "ContainerExtendedResourceRequest has the mapping of container name, extended resource name to the device request name.",
        """
        containerName  string!  The name of the container requesting resources.
        requestName    string!  The name of the request in the special ResourceClaim which corresponds to the extended resource.
        resourceName   string!  The name of the extended resource in that container which gets backed by DRA.
        """,
    ),
    define(
        "core.v1.ContainerPort",
        "ContainerPort represents a network port in a single container.",
        """
        containerPort  int32!  Number of port to expose on the pod's IP address.
        hostIP         string  What host IP to bind the external port to.
        hostPort       int32   Number of port to expose on the host.
        name           string  If specified, this must be an IANA_SVC_NAME and unique within the pod.
        protocol       string  @enum=SCTP,TCP,UDP @default=TCP Protocol for port.
        """,
    ),
    define(
        "core.v1.ContainerResizePolicy",
        "ContainerResizePolicy represents resource resize policy for the container.",
        """
        resourceName   string!  Name of the resource to which this resource resize policy applies.
        restartPolicy  string!  @enum=NotRequired,RestartContainer Restart policy to apply when specified resource is resized.
        """,
    ),
    define(
        "core.v1.ContainerRestartRule",
        "ContainerRestartRule describes how a container exit is handled.",
        """
        action     string!                                  Specifies the action taken on a container exit if the requirements are satisfied.
        exitCodes  core.v1.ContainerRestartRuleOnExitCodes
        """,
    ),
    define(
        "core.v1.ContainerRestartRuleOnExitCodes",
        "ContainerRestartRuleOnExitCodes describes the condition for handling an exited container based on its exit codes.",
        """
        operator  string!  Represents the relationship between the container exit code(s) and the specified values.
        values    []int32  Specifies the set of values to check for container exit codes.
        """,
    ),
    define(
        "core.v1.ContainerState",
        "ContainerState holds a possible state of container.",
        """
        running     core.v1.ContainerStateRunning     Details about a running container
        terminated  core.v1.ContainerStateTerminated  Details about a terminated container
        waiting     core.v1.ContainerStateWaiting     Details about a waiting container
        """,
    ),
    define(
        "core.v1.ContainerStateRunning",
        "ContainerStateRunning is a running state of a container.",
        """
        startedAt  meta.v1.Time  Time at which the container was last (re-)started
        """,
    ),
    define(
        "core.v1.ContainerStateTerminated",
        "ContainerStateTerminated is a terminated state of a container.",
        """
        containerID  string        Container's ID in the format '<type>://<container_id>'
        exitCode     int32!        Exit status from the last termination of the container
        finishedAt   meta.v1.Time  Time at which the container last terminated
        message      string        Message regarding the last termination of the container
        reason       string        (brief) reason from the last termination of the container
        signal       int32         Signal from the last termination of the container
        startedAt    meta.v1.Time  Time at which previous execution of the container started
        """,
    ),
    define(
        "core.v1.ContainerStateWaiting",
        "ContainerStateWaiting is a waiting state of a container.",
        """
        message  string  Message regarding why the container is not yet running.
        reason   string  (brief) reason the container is not yet running.
        """,
    ),
    define(
        "core.v1.ContainerStatus",
        "ContainerStatus contains details for the current status of this container.",
        """
        allocatedResources        {}resource.Quantity           AllocatedResources represents the compute resources allocated for this container by the node.
        allocatedResourcesStatus  []core.v1.ResourceStatus      @merge=name @strategy=merge @list=map @keys=name AllocatedResourcesStatus represents the status of various resources allocated for this Pod.
        containerID               string                        ContainerID is the ID of the container in the format '<type>://<container_id>'.
        image                     string!                       Image is the name of container image that the container is running.
        imageID                   string!                       ImageID is the image ID of the container's image.
        lastState                 core.v1.ContainerState        LastTerminationState holds the last termination state of the container to help debug container crashes and restarts.
        name                      string!                       Name is a DNS_LABEL representing the unique name of the container.
        ready                     boolean!                      Ready specifies whether the container is currently passing its readiness check.
        resources                 core.v1.ResourceRequirements  Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.
        restartCount              int32!                        RestartCount holds the number of times the container has been restarted.
        started                   boolean                       Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.
        state                     core.v1.ContainerState        State holds details about the container's current condition.
        stopSignal                string                        StopSignal reports the effective stop signal for this container
        user                      core.v1.ContainerUser         User represents user identity information initially attached to the first process of the container
        volumeMounts              []core.v1.VolumeMountStatus   @merge=mountPath @strategy=merge @list=map @keys=mountPath Status of volume mounts.
        """,
    ),
    define(
        "core.v1.ContainerUser",
        "ContainerUser represents user identity information",
        """
        linux  core.v1.LinuxContainerUser
        """,
    ),
    define(
        "core.v1.DownwardAPIProjection",
        "Represents downward API info for projecting into a projected volume.",
        """
        items  []core.v1.DownwardAPIVolumeFile  Items is a list of DownwardAPIVolume file
        """,
    ),
    define(
        "core.v1.DownwardAPIVolumeFile",
        "DownwardAPIVolumeFile represents information to create the file containing the pod field",
        """
        fieldRef          core.v1.ObjectFieldSelector    Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.
        mode              int32                          Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.
        path              string!                        Required: Path is the relative path name of the file to be created.
        resourceFieldRef  core.v1.ResourceFieldSelector  Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.
        user              int32                          user is Optional: The owner UID of the created file.
        """,
    ),
    define(
        "core.v1.DownwardAPIVolumeSource",
        "DownwardAPIVolumeSource represents a volume containing downward API info.",
        """
        defaultMode  int32                            Optional: mode bits to use on created files by default.
        defaultUser  int32                            defaultUser is Optional: The owner UID of the created files by default.
        items        []core.v1.DownwardAPIVolumeFile  Items is a list of downward API volume file
        """,
    ),
    define(
        "core.v1.EmptyDirVolumeSource",
        "Represents an empty directory for a pod.",
        """
        medium     string             medium represents what type of storage medium should back this directory.
        mode       int32              mode specifies the permission bits for the emptyDir directory, in numeric notation (e.g., 0755, 01777).
        sizeLimit  resource.Quantity  sizeLimit is the total amount of local storage required for this EmptyDir volume.
        """,
    ),
    define(
        "core.v1.EnvFromSource",
        "EnvFromSource represents the source of a set of ConfigMaps or Secrets",
        """
        configMapRef  core.v1.ConfigMapEnvSource  The ConfigMap to select from
        prefix        string                      Optional text to prepend to the name of each environment variable.
        secretRef     core.v1.SecretEnvSource     The Secret to select from
        """,
    ),
    define(
        "core.v1.EnvVar",
        "EnvVar represents an environment variable present in a Container.",
        """
        name       string!               Name of the environment variable.
        value      string                Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables.
        valueFrom  core.v1.EnvVarSource  Source for the environment variable's value.
        """,
    ),
    define(
        "core.v1.EnvVarSource",
        "EnvVarSource represents a source for the value of an EnvVar.",
        """
        configMapKeyRef   core.v1.ConfigMapKeySelector   Selects a key of a ConfigMap.
        fieldRef          core.v1.ObjectFieldSelector    Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.
        fileKeyRef        core.v1.FileKeySelector        FileKeyRef selects a key of the env file.
        resourceFieldRef  core.v1.ResourceFieldSelector  Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.
        secretKeyRef      core.v1.SecretKeySelector      Selects a key of a secret in the pod's namespace
        """,
    ),
    define(
        "core.v1.EphemeralContainer",
        "An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.",
        """
        args                      []string                         Arguments to the entrypoint.
        command                   []string                         Entrypoint array.
        env                       []core.v1.EnvVar                 @merge=name @strategy=merge @list=map @keys=name List of environment variables to set in the container.
        envFrom                   []core.v1.EnvFromSource          List of sources to populate environment variables in the container.
        image                     string                           Container image name.
        imagePullPolicy           string                           @enum=Always,IfNotPresent,Never Image pull policy.
        lifecycle                 core.v1.Lifecycle                Lifecycle is not allowed for ephemeral containers.
        livenessProbe             core.v1.Probe                    Probes are not allowed for ephemeral containers.
        name                      string!                          Name of the ephemeral container specified as a DNS_LABEL.
        ports                     []core.v1.ContainerPort          @merge=containerPort @strategy=merge @list=map @keys=containerPort,protocol Ports are not allowed for ephemeral containers.
        readinessProbe            core.v1.Probe                    Probes are not allowed for ephemeral containers.
        resizePolicy              []core.v1.ContainerResizePolicy  Resources resize policy for the container.
        resources                 core.v1.ResourceRequirements     Resources are not allowed for ephemeral containers.
        restartPolicy             string                           Restart policy for the container to manage the restart behavior of each container within a pod.
        restartPolicyRules        []core.v1.ContainerRestartRule   Represents a list of rules to be checked to determine if the container should be restarted on exit.
        securityContext           core.v1.SecurityContext          Optional: SecurityContext defines the security options the ephemeral container should be run with.
        startupProbe              core.v1.Probe                    Probes are not allowed for ephemeral containers.
        stdin                     boolean                          Whether this container should allocate a buffer for stdin in the container runtime.
        stdinOnce                 boolean                          Whether the container runtime should close the stdin channel after it has been opened by a single attach.
        targetContainerName       string                           If set, the name of the container from PodSpec that this ephemeral container targets.
        terminationMessagePath    string                           Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem.
        terminationMessagePolicy  string                           @enum=FallbackToLogsOnError,File Indicate how the termination message should be populated.
        tty                       boolean                          Whether this container should allocate a TTY for itself, also requires 'stdin' to be true.
        volumeDevices             []core.v1.VolumeDevice           @merge=devicePath @strategy=merge @list=map @keys=devicePath volumeDevices is the list of block devices to be used by the container.
        volumeMounts              []core.v1.VolumeMount            @merge=mountPath @strategy=merge @list=map @keys=mountPath Pod volumes to mount into the container's filesystem.
        workingDir                string                           Container's working directory.
        """,
    ),
    define(
        "core.v1.EphemeralVolumeSource",
        "Represents an ephemeral volume that is handled by a normal storage driver.",
        """
        volumeClaimTemplate  core.v1.PersistentVolumeClaimTemplate
        """,
    ),
    define(
        "core.v1.ExecAction",
        'ExecAction describes a "run in container" action.',
        """
        command  []string  Command is the command line to execute inside the container, the working directory for the command is root ('/') in the container's filesystem.
        """,
    ),
    define(
        "core.v1.FCVolumeSource",
        "Represents a Fibre Channel volume.",
        """
        fsType      string    fsType is the filesystem type to mount.
        lun         int32     lun is Optional: FC target lun number
        readOnly    boolean   readOnly is Optional: Defaults to false (read/write).
        targetWWNs  []string  targetWWNs is Optional: FC target worldwide names (WWNs)
        wwids       []string  wwids Optional: FC volume world wide identifiers (wwids) Either wwids or combination of targetWWNs and lun must be set, but not both simultaneously.
        """,
    ),
    define(
        "core.v1.FileKeySelector",
        "FileKeySelector selects a key of the env file.",
        """
        key         string!  The key within the env file.
        optional    boolean  Specify whether the file or its key must be defined.
        path        string!  The path within the volume from which to select the file.
        volumeName  string!  The name of the volume mount containing the env file.
        """,
    ),
    define(
        "core.v1.FlexVolumeSource",
        "FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.",
        """
        driver     string!                       driver is the name of the driver to use for this volume.
        fsType     string                        fsType is the filesystem type to mount.
        options    {}string                      options is Optional: this field holds extra command options if any.
        readOnly   boolean                       readOnly is Optional: defaults to false (read/write).
        secretRef  core.v1.LocalObjectReference
        """,
    ),
    define(
        "core.v1.FlockerVolumeSource",
        "Represents a Flocker volume mounted by the Flocker agent.",
        """
        datasetName  string  datasetName is Name of the dataset stored as metadata -> name on the dataset for Flocker should be considered as deprecated
        datasetUUID  string  datasetUUID is the UUID of the dataset.
        """,
    ),
    define(
        "core.v1.GCEPersistentDiskVolumeSource",
        "Represents a Persistent Disk resource in Google Compute Engine.",
        """
        fsType     string   fsType is filesystem type of the volume that you want to mount.
        partition  int32    partition is the partition in the volume that you want to mount.
        pdName     string!  pdName is unique name of the PD resource in GCE.
        readOnly   boolean  readOnly here will force the ReadOnly setting in VolumeMounts.
        """,
    ),
    define(
        "core.v1.GRPCAction",
        "GRPCAction specifies an action involving a GRPC service.",
        """
        mode     string  mode specifies the connection mode for the gRPC health probe.
        port     int32!  Port number of the gRPC service.
        service  string  Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).
        """,
    ),
    define(
        "core.v1.GitRepoVolumeSource",
        "Represents a volume that is populated with the contents of a git repository.",
        """
        directory   string   directory is the target directory name.
        repository  string!  repository is the URL
        revision    string   revision is the commit hash for the specified revision.
        """,
    ),
    define(
        "core.v1.GlusterfsVolumeSource",
        "Represents a Glusterfs mount that lasts the lifetime of a pod.",
        """
        endpoints  string!  endpoints is the endpoint name that details Glusterfs topology.
        path       string!  path is the Glusterfs volume path.
        readOnly   boolean  readOnly here will force the Glusterfs volume to be mounted with read-only permissions.
        """,
    ),
    define(
        "core.v1.HTTPGetAction",
        "HTTPGetAction describes an action based on HTTP Get requests.",
        """
        host         string                Host name to connect to, defaults to the pod IP.
        httpHeaders  []core.v1.HTTPHeader  Custom headers to set in the request.
        path         string                Path to access on the HTTP server.
        port         intstr.IntOrString!   Name or number of the port to access on the container.
        protocol     string                Protocol selects the wire protocol for the probe connection.
        scheme       string                @enum=HTTP,HTTPS Scheme to use for connecting to the host.
        """,
    ),
    define(
        "core.v1.HTTPHeader",
        "HTTPHeader describes a custom header to be used in HTTP probes",
        """
        name   string!  The header field name.
        value  string!  The header field value
        """,
    ),
    define(
        "core.v1.HostAlias",
        "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.",
        """
        hostnames  []string  Hostnames for the above IP address.
        ip         string!   IP address of the host file entry.
        """,
    ),
    define(
        "core.v1.HostIP",
        "HostIP represents a single IP address allocated to the host.",
        """
        ip  string!  IP is the IP address assigned to the host
        """,
    ),
    define(
        "core.v1.HostPathVolumeSource",
        "Represents a host path mapped into a pod.",
        """
        path  string!  path of the directory on the host.
        type  string   @enum=,BlockDevice,CharDevice,Directory,DirectoryOrCreate,File,FileOrCreate,Socket type for HostPath Volume Defaults to ""
        """,
    ),
    define(
        "core.v1.ISCSIVolumeSource",
        "Represents an ISCSI disk.",
        """
        chapAuthDiscovery  boolean                       chapAuthDiscovery defines whether support iSCSI Discovery CHAP authentication
        chapAuthSession    boolean                       chapAuthSession defines whether support iSCSI Session CHAP authentication
        fsType             string                        fsType is the filesystem type of the volume that you want to mount.
        initiatorName      string                        initiatorName is the custom iSCSI Initiator Name.
        iqn                string!                       iqn is the target iSCSI Qualified Name.
        iscsiInterface     string                        iscsiInterface is the interface Name that uses an iSCSI transport.
        lun                int32!                        lun represents iSCSI Target Lun number.
        portals            []string                      portals is the iSCSI Target Portal List.
        readOnly           boolean                       readOnly here will force the ReadOnly setting in VolumeMounts.
        secretRef          core.v1.LocalObjectReference
        targetPortal       string!                       targetPortal is iSCSI Target Portal.
        """,
    ),
    define(
        "core.v1.ImageVolumeSource",
        "ImageVolumeSource represents a image volume resource.",
        """
        pullPolicy  string  Policy for pulling OCI objects.
        reference   string  Required: Image or artifact reference to be used.
        """,
    ),
    define(
        "core.v1.ImageVolumeStatus",
        "ImageVolumeStatus represents the image-based volume status.",
        """
        imageRef  string!  ImageRef is the digest of the image used for this volume.
        """,
    ),
    define(
        "core.v1.KeyToPath",
        "Maps a string key to a path within a volume.",
        """
        key   string!  key is the key to project.
        mode  int32    mode is Optional: mode bits used to set permissions on this file.
        path  string!  path is the relative path of the file to map the key to.
        user  int32    user is Optional: The owner UID of the created file.
        """,
    ),
    define(
        "core.v1.Lifecycle",
        "Lifecycle describes actions that the management system should take in response to container lifecycle events.",
        """
        postStart   core.v1.LifecycleHandler  PostStart is called immediately after a container is created.
        preStop     core.v1.LifecycleHandler  PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc.
        stopSignal  string                    StopSignal defines which signal will be sent to a container when it is being stopped.
        """,
    ),
    define(
        "core.v1.LifecycleHandler",
        "LifecycleHandler defines a specific action that should be taken in a lifecycle hook.",
        """
        exec       core.v1.ExecAction       Exec specifies a command to execute in the container.
        httpGet    core.v1.HTTPGetAction    HTTPGet specifies an HTTP GET request to perform.
        sleep      core.v1.SleepAction      Sleep represents a duration that the container should sleep.
        tcpSocket  core.v1.TCPSocketAction  Deprecated.
        """,
    ),
    define(
        "core.v1.LinuxContainerUser",
        "LinuxContainerUser represents user identity information in Linux containers",
        """
        gid                 int64!   GID is the primary gid initially attached to the first process in the container
        supplementalGroups  []int64  SupplementalGroups are the supplemental groups initially attached to the first process in the container
        uid                 int64!   UID is the primary uid initially attached to the first process in the container
        """,
    ),
    define(
        "core.v1.LocalObjectReference",
        "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.",
        """
        name  string  Name of the referent.
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.NFSVolumeSource",
        "Represents an NFS mount that lasts the lifetime of a pod.",
        """
        path      string!  path that is exported by the NFS server.
        readOnly  boolean  readOnly here will force the NFS export to be mounted with read-only permissions.
        server    string!  server is the hostname or IP address of the NFS server.
        """,
    ),
    define(
        "core.v1.NodeAffinity",
        "Node affinity is a group of node affinity scheduling rules.",
        """
        preferredDuringSchedulingIgnoredDuringExecution  []core.v1.PreferredSchedulingTerm  The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.
        requiredDuringSchedulingIgnoredDuringExecution   core.v1.NodeSelector               If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.
        """,
    ),
    define(
        "core.v1.NodeSelector",
        "A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.",
        """
        nodeSelectorTerms  []core.v1.NodeSelectorTerm!  Required. A list of node selector terms.
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.NodeSelectorRequirement",
        "A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
        """
        key       string!   The label key that the selector applies to.
        operator  string!   @enum=DoesNotExist,Exists,Gt,In,Lt,NotIn Represents a key's relationship to a set of values.
        values    []string  An array of string values.
        """,
    ),
    define(
        "core.v1.NodeSelectorTerm",
        "A null or empty node selector term matches no objects.",
        """
        matchExpressions  []core.v1.NodeSelectorRequirement  A list of node selector requirements by node's labels.
        matchFields       []core.v1.NodeSelectorRequirement  A list of node selector requirements by node's fields.
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.ObjectFieldSelector",
        "ObjectFieldSelector selects an APIVersioned field of an object.",
        """
        apiVersion  string   Version of the schema the FieldPath is written in terms of, defaults to "v1".
        fieldPath   string!  Path of the field to select in the specified API version.
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.PersistentVolumeClaimSpec",
        "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes",
        """
        accessModes                []string                            accessModes contains the desired access modes the volume should have.
        dataSource                 core.v1.TypedLocalObjectReference
        dataSourceRef              core.v1.TypedObjectReference
        resources                  core.v1.VolumeResourceRequirements
        selector                   meta.v1.LabelSelector
        storageClassName           string                              storageClassName is the name of the StorageClass required by the claim.
        volumeAttributesClassName  string                              volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.
        volumeMode                 string                              volumeMode defines what type of volume is required by the claim.
        volumeName                 string                              volumeName is the binding reference to the PersistentVolume backing this claim.
        """,
    ),
    define(
        "core.v1.PersistentVolumeClaimTemplate",
        "PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.",
        """
        metadata  meta.v1.ObjectMeta                  May contain labels and annotations that will be copied into the PVC when creating it.
        spec      core.v1.PersistentVolumeClaimSpec!  The specification for the PersistentVolumeClaim.
        """,
    ),
    define(
        "core.v1.PersistentVolumeClaimVolumeSource",
        "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.",
        """
        claimName  string!  claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.
        readOnly   boolean  readOnly Will force the ReadOnly setting in VolumeMounts.
        """,
    ),
    define(
        "core.v1.PhotonPersistentDiskVolumeSource",
        "Represents a Photon Controller persistent disk resource.",
        """
        fsType  string   fsType is the filesystem type to mount.
        pdID    string!  pdID is the ID that identifies Photon Controller persistent disk
        """,
    ),
    define(
        "core.v1.Pod",
        "Pod is a collection of containers that can run on a host.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta  Standard object's metadata.
        spec        core.v1.PodSpec     Specification of the desired behavior of the pod.
        status      core.v1.PodStatus   Most recently observed status of the pod.
        """,
        gvk=("", "v1", "Pod"),
    ),
    define(
        "core.v1.PodAffinity",
        "Pod affinity is a group of inter pod affinity scheduling rules.",
        """
        preferredDuringSchedulingIgnoredDuringExecution  []core.v1.WeightedPodAffinityTerm  The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.
        requiredDuringSchedulingIgnoredDuringExecution   []core.v1.PodAffinityTerm          If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.
        """,
    ),
    define(
        "core.v1.PodAffinityTerm",
        "Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running",
        """
        labelSelector      meta.v1.LabelSelector  A label query over a set of resources, in this case pods.
        matchLabelKeys     []string               MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.
        mismatchLabelKeys  []string               MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.
        namespaceSelector  meta.v1.LabelSelector  A label query over the set of namespaces that the term applies to.
        namespaces         []string               namespaces specifies a static list of namespace names that the term applies to.
        topologyKey        string!                This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected pods is running.
        """,
    ),
    define(
        "core.v1.PodAntiAffinity",
        "Pod anti affinity is a group of inter pod anti affinity scheduling rules.",
        """
        preferredDuringSchedulingIgnoredDuringExecution  []core.v1.WeightedPodAffinityTerm  The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.
        requiredDuringSchedulingIgnoredDuringExecution   []core.v1.PodAffinityTerm          If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.
        """,
    ),
    define(
        "core.v1.PodCertificateProjection",
        "PodCertificateProjection provides a private key and X.509 certificate in the pod filesystem.",
        """
        certificateChainPath  string    Write the certificate chain at this path in the projected volume.
        credentialBundlePath  string    Write the credential bundle at this path in the projected volume.
        keyPath               string    Write the key at this path in the projected volume.
        keyType               string!   The type of keypair Kubelet will generate for the pod.
        maxExpirationSeconds  int32     maxExpirationSeconds is the maximum lifetime permitted for the certificate.
        signerName            string!   Kubelet's generated CSRs will be addressed to this signer.
        user                  int32     user is Optional: The owner UID of the created file.
        userAnnotations       {}string  userAnnotations allow pod authors to pass additional information to the signer implementation.
        """,
    ),
    define(
        "core.v1.PodCondition",
        "PodCondition contains details for the current condition of this pod.",
        """
        lastProbeTime       meta.v1.Time  Last time we probed the condition.
        lastTransitionTime  meta.v1.Time  Last time the condition transitioned from one status to another.
        message             string        Human-readable message indicating details about last transition.
        observedGeneration  int64         If set, this represents the .metadata.generation that the pod condition was set based upon.
        reason              string        Unique, one-word, CamelCase reason for the condition's last transition.
        status              string!       Status is the status of the condition.
        type                string!       Type is the type of the condition.
        """,
    ),
    define(
        "core.v1.PodDNSConfig",
        "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.",
        """
        nameservers  []string                      A list of DNS name server IP addresses.
        options      []core.v1.PodDNSConfigOption  A list of DNS resolver options.
        searches     []string                      A list of DNS search domains for host-name lookup.
        """,
    ),
    define(
        "core.v1.PodDNSConfigOption",
        "PodDNSConfigOption defines DNS resolver options of a pod.",
        """
        name   string  Name is this DNS resolver option's name.
        value  string  Value is this DNS resolver option's value.
        """,
    ),
    define(
        "core.v1.PodExtendedResourceClaimStatus",
        "PodExtendedResourceClaimStatus is stored in the PodStatus for the extended resource requests backed by DRA.",
        """
        requestMappings    []core.v1.ContainerExtendedResourceRequest!  RequestMappings identifies the mapping of <container, extended resource backed by DRA> to device request in the generated ResourceClaim.
        resourceClaimName  string!                                      ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.
        """,
    ),
    define(
        "core.v1.PodIP",
        "PodIP represents a single IP address allocated to the pod.",
        """
        ip  string!  IP is the IP address assigned to the pod
        """,
    ),
    define(
        "core.v1.PodList",
        "PodList is a list of Pods.",
        """
        apiVersion  string            APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.Pod!    List of pods.
        kind        string            Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta  Standard list metadata.
        """,
        gvk=("", "v1", "PodList"),
    ),
    define(
        "core.v1.PodOS",
        "PodOS defines the OS parameters of a pod.",
        """
        name  string!  Name is the name of the operating system.
        """,
    ),
    define(
        "core.v1.PodReadinessGate",
        "PodReadinessGate contains the reference to a pod condition",
        """
        conditionType  string!  ConditionType refers to a condition in the pod's condition list with matching type.
        """,
    ),
    define(
        "core.v1.PodResourceClaim",
        "PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod.",
        """
        name                       string!  Name uniquely identifies this resource claim inside the pod.
        resourceClaimName          string   ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.
        resourceClaimTemplateName  string   ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.
        """,
    ),
    define(
        "core.v1.PodResourceClaimStatus",
        "PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate.",
        """
        name               string!  Name uniquely identifies this resource claim inside the pod.
        resourceClaimName  string   ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.
        """,
    ),
    define(
        "core.v1.PodSchedulingGate",
        "PodSchedulingGate is associated to a Pod to guard its scheduling.",
        """
        name  string!  Name of the scheduling gate.
        """,
    ),
    define(
        "core.v1.PodSchedulingGroup",
        "PodSchedulingGroup identifies the runtime scheduling group instance that a Pod belongs to.",
        """
        podGroupName  string  PodGroupName specifies the name of the standalone PodGroup object that represents the runtime instance of this group.
        """,
    ),
    define(
        "core.v1.PodSecurityContext",
        "PodSecurityContext holds pod-level security attributes and common container settings.",
        """
        appArmorProfile           core.v1.AppArmorProfile                appArmorProfile is the AppArmor options to use by the containers in this pod.
        fsGroup                   int64                                  A special supplemental group that applies to all containers in a pod.
        fsGroupChangePolicy       string                                 @enum=Always,OnRootMismatch fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.
        runAsGroup                int64                                  The GID to run the entrypoint of the container process.
        runAsNonRoot              boolean                                Indicates that the container must run as a non-root user.
        runAsUser                 int64                                  The UID to run the entrypoint of the container process.
        seLinuxChangePolicy       string                                 seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod.
        seLinuxOptions            core.v1.SELinuxOptions                 The SELinux context to be applied to all containers.
        seccompProfile            core.v1.SeccompProfile                 The seccomp options to use by the containers in this pod.
        supplementalGroups        []int64                                A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified).
        supplementalGroupsPolicy  string                                 Defines how supplemental groups of the first container processes are calculated.
        sysctls                   []core.v1.Sysctl                       Sysctls hold a list of namespaced sysctls used for the pod.
        windowsOptions            core.v1.WindowsSecurityContextOptions  The Windows specific settings applied to all containers.
        """,
    ),
    define(
        "core.v1.PodSpec",
        "PodSpec is a description of a pod.",
        """
        activeDeadlineSeconds          int64                               Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers.
        affinity                       core.v1.Affinity                    If specified, the pod's scheduling constraints
        automountServiceAccountToken   boolean                             AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.
        containers                     []core.v1.Container!                @merge=name @strategy=merge @list=map @keys=name List of containers belonging to the pod.
        dnsConfig                      core.v1.PodDNSConfig                Specifies the DNS parameters of a pod.
        dnsPolicy                      string                              @enum=ClusterFirst,ClusterFirstWithHostNet,Default,None Set DNS policy for the pod.
        enableServiceLinks             boolean                             EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links.
        ephemeralContainers            []core.v1.EphemeralContainer        @merge=name @strategy=merge @list=map @keys=name List of ephemeral containers run in this pod.
        evictionResponders             []policy.v1.EvictionResponder       evictionResponders reference responders that react to Evictions based on EvictionRequests.
        hostAliases                    []core.v1.HostAlias                 @merge=ip @strategy=merge @list=map @keys=ip HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.
        hostIPC                        boolean                             Use the host's ipc namespace.
        hostNetwork                    boolean                             Host networking requested for this pod.
        hostPID                        boolean                             Use the host's pid namespace.
        hostUsers                      boolean                             Use the host's user namespace.
        hostname                       string                              Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.
        hostnameOverride               string                              HostnameOverride specifies an explicit override for the pod's hostname as perceived by the pod.
        imagePullSecrets               []core.v1.LocalObjectReference      @merge=name @strategy=merge @list=map @keys=name ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.
        initContainers                 []core.v1.Container                 @merge=name @strategy=merge @list=map @keys=name List of initialization containers belonging to the pod.
        nodeName                       string                              NodeName indicates in which node this pod is scheduled.
        nodeSelector                   {}string                            @map=atomic NodeSelector is a selector which must be true for the pod to fit on a node.
        os                             core.v1.PodOS                       Specifies the OS of the containers in the pod.
        overhead                       {}resource.Quantity                 Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.
        preemptionPolicy               string                              @enum=Never,PreemptLowerPriority PreemptionPolicy is the Policy for preempting pods with lower priority.
        priority                       int32                               The priority value.
        priorityClassName              string                              If specified, indicates the pod's priority.
        readinessGates                 []core.v1.PodReadinessGate          If specified, all readiness gates will be evaluated for pod readiness.
        resourceClaims                 []core.v1.PodResourceClaim          @merge=name @strategy=merge,retainKeys @list=map @keys=name ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.
        resources                      core.v1.ResourceRequirements        Resources is the total amount of CPU and Memory resources required by all containers in the pod.
        restartPolicy                  string                              @enum=Always,Never,OnFailure Restart policy for all containers within the pod.
        runtimeClassName               string                              RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.
        schedulerName                  string                              If specified, the pod will be dispatched by specified scheduler.
        schedulingGates                []core.v1.PodSchedulingGate         @merge=name @strategy=merge @list=map @keys=name SchedulingGates is an opaque list of values that if specified will block scheduling the pod.
        schedulingGroup                core.v1.PodSchedulingGroup
        securityContext                core.v1.PodSecurityContext          SecurityContext holds pod-level security attributes and common container settings.
        serviceAccount                 string                              DeprecatedServiceAccount is a deprecated alias for ServiceAccountName.
        serviceAccountName             string                              ServiceAccountName is the name of the ServiceAccount to use to run this pod.
        setHostnameAsFQDN              boolean                             If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default).
        shareProcessNamespace          boolean                             Share a single process namespace between all of the containers in a pod.
        subdomain                      string                              If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".
        terminationGracePeriodSeconds  int64                               Optional duration in seconds the pod needs to terminate gracefully.
        tolerations                    []core.v1.Toleration                If specified, the pod's tolerations.
        topologySpreadConstraints      []core.v1.TopologySpreadConstraint  @merge=topologyKey @strategy=merge @list=map @keys=topologyKey,whenUnsatisfiable TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.
        volumes                        []core.v1.Volume                    @merge=name @strategy=merge,retainKeys @list=map @keys=name List of volumes that can be mounted by containers belonging to the pod.
        """,
    ),
    define(
        "core.v1.PodStatus",
        "PodStatus represents information about the status of a pod.",
        """
        allocatedResources                    {}resource.Quantity                           AllocatedResources is the total requests allocated for this pod by the node.
        conditions                            []core.v1.PodCondition                        @merge=type @strategy=merge @list=map @keys=type Current service state of pod.
        containerStatuses                     []core.v1.ContainerStatus                     Statuses of containers in this pod.
        ephemeralContainerStatuses            []core.v1.ContainerStatus                     Statuses for any ephemeral containers that have run in this pod.
        extendedResourceClaimStatus           core.v1.PodExtendedResourceClaimStatus
        hostIP                                string                                        hostIP holds the IP address of the host to which the pod is assigned.
        hostIPs                               []core.v1.HostIP                              @merge=ip @strategy=merge @list=atomic hostIPs holds the IP addresses allocated to the host.
        initContainerStatuses                 []core.v1.ContainerStatus                     Statuses of init containers in this pod.
        message                               string                                        A human readable message indicating details about why the pod is in this condition.
        nodeAllocatableResourceClaimStatuses  []core.v1.NodeAllocatableResourceClaimStatus  NodeAllocatableResourceClaimStatuses contains the status of node-allocatable resources that were allocated for this pod through DRA claims.
        nominatedNodeName                     string                                        nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.
        observedGeneration                    int64                                         If set, this represents the .metadata.generation that the pod status was set based upon.
        phase                                 string                                        @enum=Failed,Pending,Running,Succeeded,Unknown The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.
        podIP                                 string                                        podIP address allocated to the pod.
        podIPs                                []core.v1.PodIP                               @merge=ip @strategy=merge @list=map @keys=ip podIPs holds the IP addresses allocated to the pod.
        qosClass                              string                                        @enum=BestEffort,Burstable,Guaranteed The Quality of Service (QOS) classification assigned to the pod based on resource requirements See PodQOSClass type for available QOS classes
        reason                                string                                        A brief CamelCase message indicating details about why the pod is in this state.
        resize                                string                                        Status of resources resize desired for pod's containers.
        resourceClaimStatuses                 []core.v1.PodResourceClaimStatus              @merge=name @strategy=merge,retainKeys @list=map @keys=name Status of resource claims.
        resources                             core.v1.ResourceRequirements
        startTime                             meta.v1.Time                                  RFC 3339 date and time at which the object was acknowledged by the Kubelet.
        volumeHealth                          []core.v1.PodVolumeHealth                     volumeHealth contains node-reported health for each volume the pod is using.
        """,
    ),
    define(
        "core.v1.PodTemplateSpec",
        "PodTemplateSpec describes the data a pod should have when created from a template",
        """
        metadata  meta.v1.ObjectMeta  Standard object's metadata.
        spec      core.v1.PodSpec     Specification of the desired behavior of the pod.
        """,
    ),
    define(
        "core.v1.PodVolumeHealth",
        "PodVolumeHealth contains health information for a volume used by a pod, reported by the CSI node plugin via the kubelet.",
        """
        healthConditions    []core.v1.VolumeHealthCondition  conditions is the set of adverse conditions reported by the CSI node plugin for this volume on this node.
        lastTransitionTime  meta.v1.Time                     lastTransitionTime is when the current set of conditions first appeared.
        name                string!                          name matches an entry in pod.spec.volumes.
        """,
    ),
    define(
        "core.v1.PortworxVolumeSource",
        "PortworxVolumeSource represents a Portworx volume resource.",
        """
        fsType    string   fSType represents the filesystem type to mount Must be a filesystem type supported by the host operating system.
        readOnly  boolean  readOnly defaults to false (read/write).
        volumeID  string!  volumeID uniquely identifies a Portworx volume
        """,
    ),
    define(
        "core.v1.PreferredSchedulingTerm",
        "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op).",
        """
        preference  core.v1.NodeSelectorTerm!  A node selector term, associated with the corresponding weight.
        weight      int32!                     Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.
        """,
    ),
    define(
        "core.v1.Probe",
        "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.",
        """
        exec                           core.v1.ExecAction       Exec specifies a command to execute in the container.
        failureThreshold               int32                    Minimum consecutive failures for the probe to be considered failed after having succeeded.
        grpc                           core.v1.GRPCAction       GRPC specifies a GRPC HealthCheckRequest.
        httpGet                        core.v1.HTTPGetAction    HTTPGet specifies an HTTP GET request to perform.
        initialDelaySeconds            int32                    Number of seconds after the container has started before liveness probes are initiated.
        periodSeconds                  int32                    How often (in seconds) to perform the probe.
        successThreshold               int32                    Minimum consecutive successes for the probe to be considered successful after having failed.
        tcpSocket                      core.v1.TCPSocketAction  TCPSocket specifies a connection to a TCP port.
        terminationGracePeriodSeconds  int64                    Optional duration in seconds the pod needs to terminate gracefully upon probe failure.
        timeoutSeconds                 int32                    Number of seconds after which the probe times out.
        """,
    ),
    define(
        "core.v1.ProjectedVolumeSource",
        "Represents a projected volume source",
        """
        defaultMode  int32                       defaultMode are the mode bits used to set permissions on created files by default.
        defaultUser  int32                       defaultUser is Optional: The owner UID of the created files by default.
        sources      []core.v1.VolumeProjection  sources is the list of volume projections.
        """,
    ),
    define(
        "core.v1.QuobyteVolumeSource",
        "Represents a Quobyte mount that lasts the lifetime of a pod.",
        """
        group     string   group to map volume access to Default is no group
        readOnly  boolean  readOnly here will force the Quobyte volume to be mounted with read-only permissions.
        registry  string!  registry represents a single or multiple Quobyte Registry services specified as a string as host:port pair (multiple entries are separated with commas) which acts as the central registry for volumes
        tenant    string   tenant owning the given Quobyte volume in the Backend Used with dynamically provisioned Quobyte volumes, value is set by the plugin
        user      string   user to map volume access to Defaults to serivceaccount user
        volume    string!  volume is a string that references an already created Quobyte volume by name.
        """,
    ),
    define(
        "core.v1.RBDVolumeSource",
        "Represents a Rados Block Device mount that lasts the lifetime of a pod.",
        """
        fsType     string                        fsType is the filesystem type of the volume that you want to mount.
        image      string!                       image is the rados image name.
        keyring    string                        keyring is the path to key ring for RBDUser.
        monitors   []string!                     monitors is a collection of Ceph monitors.
        pool       string                        pool is the rados pool name.
        readOnly   boolean                       readOnly here will force the ReadOnly setting in VolumeMounts.
        secretRef  core.v1.LocalObjectReference
        user       string                        user is the rados user name.
        """,
    ),
    define(
        "core.v1.ResourceClaim",
        "ResourceClaim references one entry in PodSpec.ResourceClaims.",
        """
        name     string!  Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used.
        request  string   Request is the name chosen for a request in the referenced claim.
        """,
    ),
    define(
        "core.v1.ResourceFieldSelector",
        "ResourceFieldSelector represents container resources (cpu, memory) and their output format",
        """
        containerName  string   Container name: required for volumes, optional for env vars
        divisor        string   Specifies the output format of the exposed resources, defaults to "1"
        resource       string!  Required: resource to select
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.ResourceHealth",
        "ResourceHealth represents the health of a resource.",
        """
        health      string   Health of the resource.
        message     string   Message provides human-readable context for Health (e.g. "ECC error count exceeded threshold").
        resourceID  string!  ResourceID is the unique identifier of the resource.
        """,
    ),
    define(
        "core.v1.ResourceRequirements",
        "ResourceRequirements describes the compute resource requirements.",
        """
        claims    []core.v1.ResourceClaim  @list=map @keys=name Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.
        limits    {}resource.Quantity      Limits describes the maximum amount of compute resources allowed.
        requests  {}resource.Quantity      Requests describes the minimum amount of compute resources required.
        """,
    ),
    define(
        "core.v1.ResourceStatus",
        "ResourceStatus represents the status of a single resource allocated to a Pod.",
        """
        name       string!                   Name of the resource.
        resources  []core.v1.ResourceHealth  List of unique resources health.
        """,
    ),
    define(
        "core.v1.SELinuxOptions",
        "SELinuxOptions are the labels to be applied to the container",
        """
        level  string  Level is SELinux level label that applies to the container.
        role   string  Role is a SELinux role label that applies to the container.
        type   string  Type is a SELinux type label that applies to the container.
        user   string  User is a SELinux user label that applies to the container.
        """,
    ),
    define(
        "core.v1.ScaleIOVolumeSource",
        "ScaleIOVolumeSource represents a persistent ScaleIO volume",
        """
        fsType            string                         fsType is the filesystem type to mount.
        gateway           string!                        gateway is the host address of the ScaleIO API Gateway.
        protectionDomain  string                         protectionDomain is the name of the ScaleIO Protection Domain for the configured storage.
        readOnly          boolean                        readOnly Defaults to false (read/write).
        secretRef         core.v1.LocalObjectReference!
        sslEnabled        boolean                        sslEnabled Flag enable/disable SSL communication with Gateway, default false
        storageMode       string                         storageMode indicates whether the storage for a volume should be ThickProvisioned or ThinProvisioned.
        storagePool       string                         storagePool is the ScaleIO Storage Pool associated with the protection domain.
        system            string!                        system is the name of the storage system as configured in ScaleIO.
        volumeName        string                         volumeName is the name of a volume already created in the ScaleIO system that is associated with this volume source.
        """,
    ),
    define(
        "core.v1.SeccompProfile",
        "SeccompProfile defines a pod/container's seccomp profile settings.",
        """
        localhostProfile  string   localhostProfile indicates a profile defined in a file on the node should be used.
        type              string!  @enum=Localhost,RuntimeDefault,Unconfined type indicates which kind of seccomp profile will be applied.
        """,
    ),
    define(
        "core.v1.SecretEnvSource",
        "SecretEnvSource selects a Secret to populate the environment variables with.",
        """
        name      string   Name of the referent.
        optional  boolean  Specify whether the Secret must be defined
        """,
    ),
    define(
        "core.v1.SecretKeySelector",
        "SecretKeySelector selects a key of a Secret.",
        """
        key       string!  The key of the secret to select from.
        name      string   Name of the referent.
        optional  boolean  Specify whether the Secret or its key must be defined
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.SecretProjection",
        "Adapts a secret into a projected volume.",
        """
        items     []core.v1.KeyToPath  items if unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value.
        name      string               Name of the referent.
        optional  boolean              optional field specify whether the Secret or its key must be defined
        """,
    ),
    define(
        "core.v1.SecretVolumeSource",
        "Adapts a Secret into a volume.",
        """
        defaultMode  int32                defaultMode is Optional: mode bits used to set permissions on created files by default.
        defaultUser  int32                defaultUser is Optional: The owner UID of the created files by default.
        items        []core.v1.KeyToPath  items If unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value.
        optional     boolean              optional field specify whether the Secret or its keys must be defined
        secretName   string               secretName is the name of the secret in the pod's namespace to use.
        """,
    ),
    define(
        "core.v1.SecurityContext",
        "SecurityContext holds security configuration that will be applied to a container.",
        """
        allowPrivilegeEscalation  boolean                                AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.
        appArmorProfile           core.v1.AppArmorProfile                appArmorProfile is the AppArmor options to use by this container.
        capabilities              core.v1.Capabilities                   The capabilities to add/drop when running containers.
        privileged                boolean                                Run container in privileged mode.
        procMount                 string                                 procMount denotes the type of proc mount to use for the containers.
        readOnlyRootFilesystem    boolean                                Whether this container has a read-only root filesystem.
        runAsGroup                int64                                  The GID to run the entrypoint of the container process.
        runAsNonRoot              boolean                                Indicates that the container must run as a non-root user.
        runAsUser                 int64                                  The UID to run the entrypoint of the container process.
        seLinuxOptions            core.v1.SELinuxOptions                 The SELinux context to be applied to the container.
        seccompProfile            core.v1.SeccompProfile                 The seccomp options to use by this container.
        windowsOptions            core.v1.WindowsSecurityContextOptions  The Windows specific settings applied to all containers.
        """,
    ),
    define(
        "core.v1.ServiceAccountTokenProjection",
        "ServiceAccountTokenProjection represents a projected service account token volume.",
        """
        audience           string   audience is the intended audience of the token.
        expirationSeconds  int64    expirationSeconds is the requested duration of validity of the service account token.
        path               string!  path is the path relative to the mount point of the file to project the token into.
        user               int32    user is Optional: The owner UID of the created file.
        """,
    ),
    define(
        "core.v1.SleepAction",
        'SleepAction describes a "sleep" action.',
        """
        seconds  int32!  Seconds is the number of seconds to sleep.
        """,
    ),
    define(
        "core.v1.StorageOSVolumeSource",
        "Represents a StorageOS persistent volume resource.",
        """
        fsType           string                        fsType is the filesystem type to mount.
        readOnly         boolean                       readOnly defaults to false (read/write).
        secretRef        core.v1.LocalObjectReference
        volumeName       string                        volumeName is the human-readable name of the StorageOS volume.
        volumeNamespace  string                        volumeNamespace specifies the scope of the volume within StorageOS.
        """,
    ),
    define(
        "core.v1.Sysctl",
        "Sysctl defines a kernel parameter to be set",
        """
        name   string!  Name of a property to set
        value  string!  Value of a property to set
        """,
    ),
    define(
        "core.v1.TCPSocketAction",
        "TCPSocketAction describes an action based on opening a socket",
        """
        host  string               Optional: Host name to connect to, defaults to the pod IP.
        port  intstr.IntOrString!  Number or name of the port to access on the container.
        """,
    ),
    define(
        "core.v1.Toleration",
        "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.",
        """
        effect             string  @enum=NoExecute,NoSchedule,PreferNoSchedule Effect indicates the taint effect to match.
        key                string  Key is the taint key that the toleration applies to.
        operator           string  Operator represents a key's relationship to the value.
        tolerationSeconds  int64   TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint.
        value              string  Value is the taint value the toleration matches to.
        """,
    ),
    define(
        "core.v1.TopologySpreadConstraint",
        "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
        """
        labelSelector       meta.v1.LabelSelector  LabelSelector is used to find matching pods.
        matchLabelKeys      []string               MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.
        maxSkew             int32!                 MaxSkew describes the degree to which pods may be unevenly distributed.
        minDomains          int32                  MinDomains indicates a minimum number of eligible domains.
        nodeAffinityPolicy  string                 @enum=Honor,Ignore NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew.
        nodeTaintsPolicy    string                 @enum=Honor,Ignore NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.
        topologyKey         string!                TopologyKey is the key of node labels.
        whenUnsatisfiable   string!                @enum=DoNotSchedule,ScheduleAnyway WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint.
        """,
    ),
    define(
        "core.v1.TypedLocalObjectReference",
        "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.",
        """
        apiGroup  string   APIGroup is the group for the resource being referenced.
        kind      string!  Kind is the type of resource being referenced
        name      string!  Name is the name of resource being referenced
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.TypedObjectReference",
        "TypedObjectReference contains enough information to let you locate the typed referenced object",
        """
        apiGroup   string   APIGroup is the group for the resource being referenced.
        kind       string!  Kind is the type of resource being referenced
        name       string!  Name is the name of resource being referenced
        namespace  string   Namespace is the namespace of resource being referenced Note that when a namespace is specified, a gateway.networking.k8s.io/ReferenceGrant object is required in the referent namespace to allow that namespace's owner to accept the reference.
        """,
    ),
    define(
        "core.v1.Volume",
        "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
        """
        awsElasticBlockStore   core.v1.AWSElasticBlockStoreVolumeSource
        azureDisk              core.v1.AzureDiskVolumeSource
        azureFile              core.v1.AzureFileVolumeSource
        cephfs                 core.v1.CephFSVolumeSource
        cinder                 core.v1.CinderVolumeSource
        configMap              core.v1.ConfigMapVolumeSource              configMap represents a configMap that should populate this volume
        csi                    core.v1.CSIVolumeSource                    csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers.
        downwardAPI            core.v1.DownwardAPIVolumeSource            downwardAPI represents downward API about the pod that should populate this volume
        emptyDir               core.v1.EmptyDirVolumeSource               emptyDir represents a temporary directory that shares a pod's lifetime.
        ephemeral              core.v1.EphemeralVolumeSource              ephemeral represents a volume that is handled by a cluster storage driver.
        fc                     core.v1.FCVolumeSource
        flexVolume             core.v1.FlexVolumeSource
        flocker                core.v1.FlockerVolumeSource
        gcePersistentDisk      core.v1.GCEPersistentDiskVolumeSource
        gitRepo                core.v1.GitRepoVolumeSource
        glusterfs              core.v1.GlusterfsVolumeSource
        hostPath               core.v1.HostPathVolumeSource               hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container.
        image                  core.v1.ImageVolumeSource                  image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine.
        iscsi                  core.v1.ISCSIVolumeSource
        name                   string!                                    name of the volume.
        nfs                    core.v1.NFSVolumeSource                    nfs represents an NFS mount on the host that shares a pod's lifetime
        persistentVolumeClaim  core.v1.PersistentVolumeClaimVolumeSource  persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.
        photonPersistentDisk   core.v1.PhotonPersistentDiskVolumeSource
        portworxVolume         core.v1.PortworxVolumeSource
        projected              core.v1.ProjectedVolumeSource              projected items for all in one resources secrets, configmaps, and downward API
        quobyte                core.v1.QuobyteVolumeSource
        rbd                    core.v1.RBDVolumeSource
        scaleIO                core.v1.ScaleIOVolumeSource
        secret                 core.v1.SecretVolumeSource                 secret represents a secret that should populate this volume.
        storageos              core.v1.StorageOSVolumeSource
        vsphereVolume          core.v1.VsphereVirtualDiskVolumeSource
        """,
    ),
    define(
        "core.v1.VolumeDevice",
        "volumeDevice describes a mapping of a raw block device within a container.",
        """
        devicePath  string!  devicePath is the path inside of the container that the device will be mapped to.
        name        string!  name must match the name of a persistentVolumeClaim in the pod
        """,
    ),
    define(
        "core.v1.VolumeHealthCondition",
        "VolumeHealthCondition represents an adverse health condition reported for a volume.",
        """
        message  string   message is a human-readable description.
        reason   string!  reason is a brief CamelCase machine-parseable reason.
        status   string!  status is the machine-parseable health category.
        """,
    ),
    define(
        "core.v1.VolumeMount",
        "VolumeMount describes a mounting of a Volume within a container.",
        """
        bindMountOptions   []string  bindMountOptions is the list of additional bind mount options to apply when mounting this volume into the container.
        mountPath          string!   Path within the container at which the volume should be mounted.
        mountPropagation   string    @enum=Bidirectional,HostToContainer,None mountPropagation determines how mounts are propagated from the host to container and the other way around.
        name               string!   This must match the Name of a Volume.
        readOnly           boolean   Mounted read-only if true, read-write otherwise (false or unspecified).
        recursiveReadOnly  string    RecursiveReadOnly specifies whether read-only mounts should be handled recursively.
        subPath            string    Path within the volume from which the container's volume should be mounted.
        subPathExpr        string    Expanded path within the volume from which the container's volume should be mounted.
        """,
    ),
    define(
        "core.v1.VolumeMountStatus",
        "VolumeMountStatus shows status of volume mounts.",
        """
        mountPath          string!               MountPath corresponds to the original VolumeMount.
        name               string!               Name corresponds to the name of the original VolumeMount.
        readOnly           boolean               ReadOnly corresponds to the original VolumeMount.
        recursiveReadOnly  string                RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts).
        volumeStatus       core.v1.VolumeStatus
        """,
    ),
    define(
        "core.v1.VolumeProjection",
        "Projection that may be projected along with other supported volume types.",
        """
        clusterTrustBundle   core.v1.ClusterTrustBundleProjection
        configMap            core.v1.ConfigMapProjection
        downwardAPI          core.v1.DownwardAPIProjection
        podCertificate       core.v1.PodCertificateProjection
        secret               core.v1.SecretProjection
        serviceAccountToken  core.v1.ServiceAccountTokenProjection
        """,
    ),
    define(
        "core.v1.VolumeResourceRequirements",
        "VolumeResourceRequirements describes the storage resource requirements for a volume.",
        """
        limits    {}resource.Quantity  Limits describes the maximum amount of compute resources allowed.
        requests  {}resource.Quantity  Requests describes the minimum amount of compute resources required.
        """,
    ),
    define(
        "core.v1.VolumeStatus",
        "VolumeStatus represents the status of a mounted volume.",
        """
        image  core.v1.ImageVolumeStatus
        """,
    ),
    define(
        "core.v1.VsphereVirtualDiskVolumeSource",
        "Represents a vSphere volume resource.",
        """
        fsType             string   fsType is filesystem type to mount.
        storagePolicyID    string   storagePolicyID is the storage Policy Based Management (SPBM) profile ID associated with the StoragePolicyName.
        storagePolicyName  string   storagePolicyName is the storage Policy Based Management (SPBM) profile name.
        volumePath         string!  volumePath is the path that identifies vSphere volume vmdk
        """,
    ),
    define(
        "core.v1.WeightedPodAffinityTerm",
        "The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)",
        """
        podAffinityTerm  core.v1.PodAffinityTerm!  Required. A pod affinity term, associated with the corresponding weight.
        weight           int32!                    weight associated with matching the corresponding podAffinityTerm, in the range 1-100.
        """,
    ),
    define(
        "core.v1.WindowsSecurityContextOptions",
        "WindowsSecurityContextOptions contain Windows-specific options and credentials.",
        """
        gmsaCredentialSpec      string   GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.
        gmsaCredentialSpecName  string   GMSACredentialSpecName is the name of the GMSA credential spec to use.
        hostProcess             boolean  HostProcess determines if a container should be run as a 'Host Process' container.
        runAsUserName           string   The UserName in Windows to run the entrypoint of the container process.
        """,
    ),
)
