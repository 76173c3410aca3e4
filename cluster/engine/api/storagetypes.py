"""The internal Go types (pkg/apis/core) of what a PersistentVolume or a claim may not change,
as kube-apiserver writes them when an update changes it: a volume's source and node
affinity, a claim's spec."""

from __future__ import annotations

from cluster.engine.api.godiff import Layout, layout, resource_list
from cluster.engine.api.validation import selector_struct

SECRET_REFERENCE = layout(
    """
    Name       name       string
    Namespace  namespace  string
    """
)
OBJECT_REFERENCE = layout(
    """
    Kind             kind             string
    Namespace        namespace        string
    Name             name             string
    UID              uid              string
    APIVersion       apiVersion       string
    ResourceVersion  resourceVersion  string
    FieldPath        fieldPath        string
    """
)
_REFS = {"SecretReference": SECRET_REFERENCE, "ObjectReference": OBJECT_REFERENCE}

# PersistentVolumeSource's members, by their v1 JSON names
_SOURCES: dict[str, Layout] = {
    "gcePersistentDisk": layout(
        """
        PDName     pdName     string
        FSType     fsType     string
        Partition  partition  int32
        ReadOnly   readOnly   bool
        """
    ),
    "awsElasticBlockStore": layout(
        """
        VolumeID   volumeID   string
        FSType     fsType     string
        Partition  partition  int32
        ReadOnly   readOnly   bool
        """
    ),
    "hostPath": layout(
        """
        Path  path  string
        Type  type  *string
        """
    ),
    "glusterfs": layout(
        """
        EndpointsName       endpoints           string
        Path                path                string
        ReadOnly            readOnly            bool
        EndpointsNamespace  endpointsNamespace  *string
        """
    ),
    "nfs": layout(
        """
        Server    server    string
        Path      path      string
        ReadOnly  readOnly  bool
        """
    ),
    "rbd": layout(
        """
        CephMonitors  monitors   []string
        RBDImage      image      string
        FSType        fsType     string
        RBDPool       pool       string
        RadosUser     user       string
        Keyring       keyring    string
        SecretRef     secretRef  *SecretReference
        ReadOnly      readOnly   bool
        """,
        **_REFS,
    ),
    "quobyte": layout(
        """
        Registry  registry  string
        Volume    volume    string
        ReadOnly  readOnly  bool
        User      user      string
        Group     group     string
        Tenant    tenant    string
        """
    ),
    "iscsi": layout(
        """
        TargetPortal       targetPortal       string
        IQN                iqn                string
        Lun                lun                int32
        ISCSIInterface     iscsiInterface     string
        FSType             fsType             string
        ReadOnly           readOnly           bool
        Portals            portals            []string
        DiscoveryCHAPAuth  chapAuthDiscovery  bool
        SessionCHAPAuth    chapAuthSession    bool
        SecretRef          secretRef          *SecretReference
        InitiatorName      initiatorName      *string
        """,
        **_REFS,
    ),
    "flexVolume": layout(
        """
        Driver     driver     string
        FSType     fsType     string
        SecretRef  secretRef  *SecretReference
        ReadOnly   readOnly   bool
        Options    options    map[string]string
        """,
        **_REFS,
    ),
    "cinder": layout(
        """
        VolumeID   volumeID   string
        FSType     fsType     string
        ReadOnly   readOnly   bool
        SecretRef  secretRef  *SecretReference
        """,
        **_REFS,
    ),
    "cephfs": layout(
        """
        Monitors    monitors    []string
        Path        path        string
        User        user        string
        SecretFile  secretFile  string
        SecretRef   secretRef   *SecretReference
        ReadOnly    readOnly    bool
        """,
        **_REFS,
    ),
    "fc": layout(
        """
        TargetWWNs  targetWWNs  []string
        Lun         lun         *int32
        FSType      fsType      string
        ReadOnly    readOnly    bool
        WWIDs       wwids       []string
        """
    ),
    "flocker": layout(
        """
        DatasetName  datasetName  string
        DatasetUUID  datasetUUID  string
        """
    ),
    "azureFile": layout(
        """
        SecretName       secretName       string
        ShareName        shareName        string
        ReadOnly         readOnly         bool
        SecretNamespace  secretNamespace  *string
        """
    ),
    "vsphereVolume": layout(
        """
        VolumePath         volumePath         string
        FSType             fsType             string
        StoragePolicyName  storagePolicyName  string
        StoragePolicyID    storagePolicyID    string
        """
    ),
    "azureDisk": layout(
        """
        DiskName     diskName     string
        DataDiskURI  diskURI      string
        CachingMode  cachingMode  *string
        FSType       fsType       *string
        ReadOnly     readOnly     *bool
        Kind         kind         *string
        """
    ),
    "photonPersistentDisk": layout(
        """
        PdID    pdID    string
        FSType  fsType  string
        """
    ),
    "portworxVolume": layout(
        """
        VolumeID  volumeID  string
        FSType    fsType    string
        ReadOnly  readOnly  bool
        """
    ),
    "scaleIO": layout(
        """
        Gateway           gateway           string
        System            system            string
        SecretRef         secretRef         *SecretReference
        SSLEnabled        sslEnabled        bool
        ProtectionDomain  protectionDomain  string
        StoragePool       storagePool       string
        StorageMode       storageMode       string
        VolumeName        volumeName        string
        FSType            fsType            string
        ReadOnly          readOnly          bool
        """,
        **_REFS,
    ),
    "local": layout(
        """
        Path    path    string
        FSType  fsType  *string
        """
    ),
    "storageos": layout(
        """
        VolumeName       volumeName       string
        VolumeNamespace  volumeNamespace  string
        FSType           fsType           string
        ReadOnly         readOnly         bool
        SecretRef        secretRef        *ObjectReference
        """,
        **_REFS,
    ),
    "csi": layout(
        """
        Driver                      driver                      string
        VolumeHandle                volumeHandle                string
        ReadOnly                    readOnly                    bool
        FSType                      fsType                      string
        VolumeAttributes            volumeAttributes            map[string]string
        ControllerPublishSecretRef  controllerPublishSecretRef  *SecretReference
        NodeStageSecretRef          nodeStageSecretRef          *SecretReference
        NodePublishSecretRef        nodePublishSecretRef        *SecretReference
        ControllerExpandSecretRef   controllerExpandSecretRef   *SecretReference
        NodeExpandSecretRef         nodeExpandSecretRef         *SecretReference
        """,
        **_REFS,
    ),
}
_GO_SOURCE_NAMES = (
    "GCEPersistentDisk", "AWSElasticBlockStore", "HostPath", "Glusterfs", "NFS", "RBD", "Quobyte",
    "ISCSI", "FlexVolume", "Cinder", "CephFS", "FC", "Flocker", "AzureFile", "VsphereVolume",
    "AzureDisk", "PhotonPersistentDisk", "PortworxVolume", "ScaleIO", "Local", "StorageOS", "CSI",
)  # fmt: skip
# PersistentVolumeSource, which a PersistentVolumeSpec embeds: read from the spec itself
PERSISTENT_VOLUME_SOURCE = layout(
    "\n".join(f"{go} {key} *{key}" for go, key in zip(_GO_SOURCE_NAMES, _SOURCES, strict=True)),
    **_SOURCES,
)

_REQUIREMENT = layout(
    """
    Key       key       string
    Operator  operator  string
    Values    values    []string
    """
)
_TERM = layout(
    """
    MatchExpressions  matchExpressions  []NodeSelectorRequirement
    MatchFields       matchFields       []NodeSelectorRequirement
    """,
    NodeSelectorRequirement=_REQUIREMENT,
)
_NODE_SELECTOR = layout(
    "NodeSelectorTerms nodeSelectorTerms []NodeSelectorTerm", NodeSelectorTerm=_TERM
)
VOLUME_NODE_AFFINITY = layout("Required required *NodeSelector", NodeSelector=_NODE_SELECTOR)

_RESOURCES = layout(
    """
    Limits    limits    ResourceList
    Requests  requests  ResourceList
    """,
    ResourceList=resource_list,
)
_TYPED_LOCAL_REFERENCE = layout(
    """
    APIGroup  apiGroup  *string
    Kind      kind      string
    Name      name      string
    """
)
_TYPED_REFERENCE = layout(
    """
    APIGroup   apiGroup   *string
    Kind       kind       string
    Name       name       string
    Namespace  namespace  *string
    """
)
PERSISTENT_VOLUME_CLAIM_SPEC = layout(
    """
    AccessModes                accessModes                []string
    Selector                   selector                   *LabelSelector
    Resources                  resources                  VolumeResourceRequirements
    VolumeName                 volumeName                 string
    StorageClassName           storageClassName           *string
    VolumeMode                 volumeMode                 *string
    DataSource                 dataSource                 *TypedLocalObjectReference
    DataSourceRef              dataSourceRef              *TypedObjectReference
    VolumeAttributesClassName  volumeAttributesClassName  *string
    """,
    # metav1.LabelSelector is the one type here with JSON tags
    LabelSelector=selector_struct,
    VolumeResourceRequirements=_RESOURCES,
    TypedLocalObjectReference=_TYPED_LOCAL_REFERENCE,
    TypedObjectReference=_TYPED_REFERENCE,
)
