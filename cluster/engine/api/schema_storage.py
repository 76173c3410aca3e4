"""The kinds of storage: core/v1 PersistentVolume and PersistentVolumeClaim, storage.k8s.io/v1
StorageClass, and the types they hold that pods' volumes do not."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "core.v1.AzureFilePersistentVolumeSource",
        "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.",
        """
        readOnly         boolean  readOnly defaults to false (read/write).
        secretName       string!  secretName is the name of secret that contains Azure Storage Account Name and Key
        secretNamespace  string   secretNamespace is the namespace of the secret that contains Azure Storage Account Name and Key default is the same as the Pod
        shareName        string!  shareName is the azure Share Name
        """,
    ),
    define(
        "core.v1.CSIPersistentVolumeSource",
        "Represents storage that is managed by an external CSI volume driver",
        """
        controllerExpandSecretRef   core.v1.SecretReference  controllerExpandSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI ControllerExpandVolume call.
        controllerPublishSecretRef  core.v1.SecretReference  controllerPublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI ControllerPublishVolume and ControllerUnpublishVolume calls.
        driver                      string!                  driver is the name of the driver to use for this volume.
        fsType                      string                   fsType to mount.
        nodeExpandSecretRef         core.v1.SecretReference  nodeExpandSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodeExpandVolume call.
        nodePublishSecretRef        core.v1.SecretReference  nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodePublishVolume and NodeUnpublishVolume calls.
        nodeStageSecretRef          core.v1.SecretReference  nodeStageSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodeStageVolume and NodeStageVolume and NodeUnstageVolume calls.
        readOnly                    boolean                  readOnly value to pass to ControllerPublishVolumeRequest.
        volumeAttributes            {}string                 volumeAttributes of the volume to publish.
        volumeHandle                string!                  volumeHandle is the unique volume name returned by the CSI volume plugin's CreateVolume to refer to the volume on all subsequent calls.
        """,
    ),
    define(
        "core.v1.CephFSPersistentVolumeSource",
        "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.",
        """
        monitors    []string!                @list=atomic monitors is Required: Monitors is a collection of Ceph monitors More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it
        path        string                   path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /
        readOnly    boolean                  readOnly is Optional: Defaults to false (read/write).
        secretFile  string                   secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it
        secretRef   core.v1.SecretReference  secretRef is Optional: SecretRef is reference to the authentication secret for User, default is empty.
        user        string                   user is Optional: User is the rados user name, default is admin More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it
        """,
    ),
    define(
        "core.v1.CinderPersistentVolumeSource",
        "Represents a cinder volume resource in Openstack.",
        """
        fsType     string                   fsType Filesystem type to mount.
        readOnly   boolean                  readOnly is Optional: Defaults to false (read/write).
        secretRef  core.v1.SecretReference  secretRef is Optional: points to a secret object containing parameters used to connect to OpenStack.
        volumeID   string!                  volumeID used to identify the volume in cinder.
        """,
    ),
    define(
        "core.v1.FlexPersistentVolumeSource",
        "FlexPersistentVolumeSource represents a generic persistent volume resource that is provisioned/attached using an exec based plugin.",
        """
        driver     string!                  driver is the name of the driver to use for this volume.
        fsType     string                   fsType is the Filesystem type to mount.
        options    {}string                 options is Optional: this field holds extra command options if any.
        readOnly   boolean                  readOnly is Optional: defaults to false (read/write).
        secretRef  core.v1.SecretReference  secretRef is Optional: SecretRef is reference to the secret object containing sensitive information to pass to the plugin scripts.
        """,
    ),
    define(
        "core.v1.GlusterfsPersistentVolumeSource",
        "Represents a Glusterfs mount that lasts the lifetime of a pod.",
        """
        endpoints           string!  endpoints is the endpoint name that details Glusterfs topology.
        endpointsNamespace  string   endpointsNamespace is the namespace that contains Glusterfs endpoint.
        path                string!  path is the Glusterfs volume path.
        readOnly            boolean  readOnly here will force the Glusterfs volume to be mounted with read-only permissions.
        """,
    ),
    define(
        "core.v1.ISCSIPersistentVolumeSource",
        "ISCSIPersistentVolumeSource represents an ISCSI disk.",
        """
        chapAuthDiscovery  boolean                  chapAuthDiscovery defines whether support iSCSI Discovery CHAP authentication
        chapAuthSession    boolean                  chapAuthSession defines whether support iSCSI Session CHAP authentication
        fsType             string                   fsType is the filesystem type of the volume that you want to mount.
        initiatorName      string                   initiatorName is the custom iSCSI Initiator Name.
        iqn                string!                  iqn is Target iSCSI Qualified Name.
        iscsiInterface     string                   iscsiInterface is the interface Name that uses an iSCSI transport.
        lun                int32!                   lun is iSCSI Target Lun number.
        portals            []string                 @list=atomic portals is the iSCSI Target Portal List.
        readOnly           boolean                  readOnly here will force the ReadOnly setting in VolumeMounts.
        secretRef          core.v1.SecretReference  secretRef is the CHAP Secret for iSCSI target and initiator authentication
        targetPortal       string!                  targetPortal is iSCSI Target Portal.
        """,
    ),
    define(
        "core.v1.LocalVolumeSource",
        "Local represents directly-attached storage with node affinity",
        """
        fsType  string   fsType is the filesystem type to mount.
        path    string!  path of the full path to the volume on the node.
        """,
    ),
    define(
        "core.v1.ModifyVolumeStatus",
        "ModifyVolumeStatus represents the status object of ControllerModifyVolume operation",
        """
        status                           string!  status is the status of the ControllerModifyVolume operation.
        targetVolumeAttributesClassName  string   targetVolumeAttributesClassName is the name of the VolumeAttributesClass the PVC currently being reconciled
        """,
    ),
    define(
        "core.v1.PersistentVolume",
        "PersistentVolume (PV) is a storage resource provisioned by an administrator.",
        """
        apiVersion  string                          APIVersion defines the versioned schema of this representation of an object.
        kind        string                          Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta              Standard object's metadata.
        spec        core.v1.PersistentVolumeSpec    spec defines a specification of a persistent volume owned by the cluster.
        status      core.v1.PersistentVolumeStatus  status represents the current information/status for the persistent volume.
        """,
        gvk=("", "v1", "PersistentVolume"),
    ),
    define(
        "core.v1.PersistentVolumeClaim",
        "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
        """
        apiVersion  string                               APIVersion defines the versioned schema of this representation of an object.
        kind        string                               Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                   Standard object's metadata.
        spec        core.v1.PersistentVolumeClaimSpec    spec defines the desired characteristics of a volume requested by a pod author.
        status      core.v1.PersistentVolumeClaimStatus  status represents the current information/status of a persistent volume claim.
        """,
        gvk=("", "v1", "PersistentVolumeClaim"),
    ),
    define(
        "core.v1.PersistentVolumeClaimCondition",
        "PersistentVolumeClaimCondition contains details about state of pvc",
        """
        lastProbeTime       meta.v1.Time  lastProbeTime is the time we probed the condition.
        lastTransitionTime  meta.v1.Time  lastTransitionTime is the time the condition transitioned from one status to another.
        message             string        message is the human-readable message indicating details about last transition.
        reason              string        reason is a unique, this should be a short, machine understandable string that gives the reason for condition's last transition.
        status              string!       Status is the status of the condition.
        type                string!       Type is the type of the condition.
        """,
    ),
    define(
        "core.v1.PersistentVolumeClaimList",
        "PersistentVolumeClaimList is a list of PersistentVolumeClaim items.",
        """
        apiVersion  string                            APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.PersistentVolumeClaim!  items is a list of persistent volume claims.
        kind        string                            Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                  Standard list metadata.
        """,
        gvk=("", "v1", "PersistentVolumeClaimList"),
    ),
    define(
        "core.v1.PersistentVolumeClaimStatus",
        "PersistentVolumeClaimStatus is the current status of a persistent volume claim.",
        """
        accessModes                       []string                                  @list=atomic accessModes contains the actual access modes the volume backing the PVC has.
        allocatedResourceStatuses         {}string                                  @map=granular allocatedResourceStatuses stores status of resource being resized for the given PVC.
        allocatedResources                {}resource.Quantity                       allocatedResources tracks the resources allocated to a PVC including its capacity.
        capacity                          {}resource.Quantity                       capacity represents the actual resources of the underlying volume.
        conditions                        []core.v1.PersistentVolumeClaimCondition  @merge=type @strategy=merge @list=map @keys=type conditions is the current Condition of persistent volume claim.
        currentVolumeAttributesClassName  string                                    currentVolumeAttributesClassName is the current name of the VolumeAttributesClass the PVC is using.
        healthStatus                      core.v1.VolumeHealthStatus                healthStatus contains the latest controller-reported health information for the volume bound to this claim.
        modifyVolumeStatus                core.v1.ModifyVolumeStatus                ModifyVolumeStatus represents the status object of ControllerModifyVolume operation.
        phase                             string                                    phase represents the current phase of PersistentVolumeClaim.
        """,
    ),
    define(
        "core.v1.PersistentVolumeList",
        "PersistentVolumeList is a list of PersistentVolume items.",
        """
        apiVersion  string                       APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.PersistentVolume!  items is a list of persistent volumes.
        kind        string                       Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta             Standard list metadata.
        """,
        gvk=("", "v1", "PersistentVolumeList"),
    ),
    define(
        "core.v1.PersistentVolumeSpec",
        "PersistentVolumeSpec is the specification of a persistent volume.",
        """
        accessModes                    []string                                  @list=atomic accessModes contains all ways the volume can be mounted.
        awsElasticBlockStore           core.v1.AWSElasticBlockStoreVolumeSource  awsElasticBlockStore represents an AWS Disk resource that is attached to a kubelet's host machine and then exposed to the pod.
        azureDisk                      core.v1.AzureDiskVolumeSource             azureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.
        azureFile                      core.v1.AzureFilePersistentVolumeSource   azureFile represents an Azure File Service mount on the host and bind mount to the pod.
        capacity                       {}resource.Quantity                       capacity is the description of the persistent volume's resources and capacity.
        cephfs                         core.v1.CephFSPersistentVolumeSource      cephFS represents a Ceph FS mount on the host that shares a pod's lifetime.
        cinder                         core.v1.CinderPersistentVolumeSource      cinder represents a cinder volume attached and mounted on kubelets host machine.
        claimRef                       core.v1.ObjectReference                   claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.
        csi                            core.v1.CSIPersistentVolumeSource         csi represents storage that is handled by an external CSI driver.
        fc                             core.v1.FCVolumeSource                    fc represents a Fibre Channel resource that is attached to a kubelet's host machine and then exposed to the pod.
        flexVolume                     core.v1.FlexPersistentVolumeSource        flexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.
        flocker                        core.v1.FlockerVolumeSource               flocker represents a Flocker volume attached to a kubelet's host machine and exposed to the pod for its usage.
        gcePersistentDisk              core.v1.GCEPersistentDiskVolumeSource     gcePersistentDisk represents a GCE Disk resource that is attached to a kubelet's host machine and then exposed to the pod.
        glusterfs                      core.v1.GlusterfsPersistentVolumeSource   glusterfs represents a Glusterfs volume that is attached to a host and exposed to the pod.
        hostPath                       core.v1.HostPathVolumeSource              hostPath represents a directory on the host.
        iscsi                          core.v1.ISCSIPersistentVolumeSource       iscsi represents an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod.
        local                          core.v1.LocalVolumeSource                 local represents directly-attached storage with node affinity
        mountOptions                   []string                                  @list=atomic mountOptions is the list of mount options, e.g. ["ro", "soft"].
        nfs                            core.v1.NFSVolumeSource                   nfs represents an NFS mount on the host.
        nodeAffinity                   core.v1.VolumeNodeAffinity                nodeAffinity defines constraints that limit what nodes this volume can be accessed from.
        persistentVolumeReclaimPolicy  string                                    persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.
        photonPersistentDisk           core.v1.PhotonPersistentDiskVolumeSource  photonPersistentDisk represents a PhotonController persistent disk attached and mounted on kubelets host machine.
        portworxVolume                 core.v1.PortworxVolumeSource              portworxVolume represents a portworx volume attached and mounted on kubelets host machine.
        quobyte                        core.v1.QuobyteVolumeSource               quobyte represents a Quobyte mount on the host that shares a pod's lifetime.
        rbd                            core.v1.RBDPersistentVolumeSource         rbd represents a Rados Block Device mount on the host that shares a pod's lifetime.
        scaleIO                        core.v1.ScaleIOPersistentVolumeSource     scaleIO represents a ScaleIO persistent volume attached and mounted on Kubernetes nodes.
        storageClassName               string                                    storageClassName is the name of StorageClass to which this persistent volume belongs.
        storageos                      core.v1.StorageOSPersistentVolumeSource   storageOS represents a StorageOS volume that is attached to the kubelet's host machine and mounted into the pod.
        volumeAttributesClassName      string                                    Name of VolumeAttributesClass to which this persistent volume belongs.
        volumeMode                     string                                    volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.
        vsphereVolume                  core.v1.VsphereVirtualDiskVolumeSource    vsphereVolume represents a vSphere volume attached and mounted on kubelets host machine.
        """,
    ),
    define(
        "core.v1.PersistentVolumeStatus",
        "PersistentVolumeStatus is the current status of a persistent volume.",
        """
        lastPhaseTransitionTime  meta.v1.Time  lastPhaseTransitionTime is the time the phase transitioned from one to another and automatically resets to current time everytime a volume phase transitions.
        message                  string        message is a human-readable message indicating details about why the volume is in this state.
        phase                    string        phase indicates if a volume is available, bound to a claim, or released by a claim.
        reason                   string        reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.
        """,
    ),
    define(
        "core.v1.RBDPersistentVolumeSource",
        "Represents a Rados Block Device mount that lasts the lifetime of a pod.",
        """
        fsType     string                   fsType is the filesystem type of the volume that you want to mount.
        image      string!                  image is the rados image name.
        keyring    string                   keyring is the path to key ring for RBDUser.
        monitors   []string!                @list=atomic monitors is a collection of Ceph monitors.
        pool       string                   pool is the rados pool name.
        readOnly   boolean                  readOnly here will force the ReadOnly setting in VolumeMounts.
        secretRef  core.v1.SecretReference  secretRef is name of the authentication secret for RBDUser.
        user       string                   user is the rados user name.
        """,
    ),
    define(
        "core.v1.ScaleIOPersistentVolumeSource",
        "ScaleIOPersistentVolumeSource represents a persistent ScaleIO volume",
        """
        fsType            string                    fsType is the filesystem type to mount.
        gateway           string!                   gateway is the host address of the ScaleIO API Gateway.
        protectionDomain  string                    protectionDomain is the name of the ScaleIO Protection Domain for the configured storage.
        readOnly          boolean                   readOnly defaults to false (read/write).
        secretRef         core.v1.SecretReference!  secretRef references to the secret for ScaleIO user and other sensitive information.
        sslEnabled        boolean                   sslEnabled is the flag to enable/disable SSL communication with Gateway, default false
        storageMode       string                    storageMode indicates whether the storage for a volume should be ThickProvisioned or ThinProvisioned.
        storagePool       string                    storagePool is the ScaleIO Storage Pool associated with the protection domain.
        system            string!                   system is the name of the storage system as configured in ScaleIO.
        volumeName        string                    volumeName is the name of a volume already created in the ScaleIO system that is associated with this volume source.
        """,
    ),
    define(
        "core.v1.SecretReference",
        "SecretReference represents a Secret Reference.",
        """
        name       string  name is unique within a namespace to reference a secret resource.
        namespace  string  namespace defines the space within which the secret name must be unique.
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.StorageOSPersistentVolumeSource",
        "Represents a StorageOS persistent volume resource.",
        """
        fsType           string                   fsType is the filesystem type to mount.
        readOnly         boolean                  readOnly defaults to false (read/write).
        secretRef        core.v1.ObjectReference  secretRef specifies the secret to use for obtaining the StorageOS API credentials.
        volumeName       string                   volumeName is the human-readable name of the StorageOS volume.
        volumeNamespace  string                   volumeNamespace specifies the scope of the volume within StorageOS.
        """,
    ),
    define(
        "core.v1.TopologySelectorLabelRequirement",
        "A topology selector requirement is a selector that matches given label.",
        """
        key     string!    The label key that the selector applies to.
        values  []string!  @list=atomic An array of string values.
        """,
    ),
    define(
        "core.v1.TopologySelectorTerm",
        "A topology selector term represents the result of label queries.",
        """
        matchLabelExpressions  []core.v1.TopologySelectorLabelRequirement  @list=atomic A list of topology selector requirements by labels.
        """,
        map_type="atomic",
    ),
    define(
        "core.v1.VolumeHealthStatus",
        "VolumeHealthStatus contains health information for a volume reported by the CSI controller plugin.",
        """
        healthConditions    []core.v1.VolumeHealthCondition  @merge=status @strategy=merge @list=map @keys=status,reason conditions is the set of adverse conditions reported by the CSI controller plugin.
        lastTransitionTime  meta.v1.Time                     lastTransitionTime is when the current set of conditions first appeared.
        """,
    ),
    define(
        "core.v1.VolumeNodeAffinity",
        "VolumeNodeAffinity defines constraints that limit what nodes this volume can be accessed from.",
        """
        required  core.v1.NodeSelector  required specifies hard node constraints that must be met.
        """,
    ),
    define(
        "storage.v1.StorageClass",
        "StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.",
        """
        allowVolumeExpansion  boolean                         allowVolumeExpansion shows whether the storage class allow volume expand.
        allowedTopologies     []core.v1.TopologySelectorTerm  @list=atomic allowedTopologies restrict the node topologies where volumes can be dynamically provisioned.
        apiVersion            string                          APIVersion defines the versioned schema of this representation of an object.
        kind                  string                          Kind is a string value representing the REST resource this object represents.
        metadata              meta.v1.ObjectMeta              metadata is the standard object metadata.
        mountOptions          []string                        @list=atomic mountOptions controls the mountOptions for dynamically provisioned PersistentVolumes of this storage class.
        parameters            {}string                        parameters holds the parameters for the provisioner that should create volumes of this storage class.
        provisioner           string!                         provisioner indicates the type of the provisioner.
        reclaimPolicy         string                          reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.
        volumeBindingMode     string                          volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.
        """,
        gvk=("storage.k8s.io", "v1", "StorageClass"),
    ),
    define(
        "storage.v1.StorageClassList",
        "StorageClassList is a collection of storage classes.",
        """
        apiVersion  string                      APIVersion defines the versioned schema of this representation of an object.
        items       []storage.v1.StorageClass!  items is the list of StorageClasses
        kind        string                      Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta            Standard list metadata More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata
        """,
        gvk=("storage.k8s.io", "v1", "StorageClassList"),
    ),
)
