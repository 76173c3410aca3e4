"""PersistentVolume, PersistentVolumeClaim and StorageClass validation, in Kubernetes' words."""

import copy
from typing import Any

import pytest

from cluster.engine.api import storagevalidation as sv

Object = dict[str, Any]
SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
ACCESS_MODES = '"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'


def pv(annotations: dict[str, str] | None = None, **spec: Any) -> Object:
    """A PersistentVolume as kube-apiserver validates it (defaulted); a None drops a field."""
    body = {
        "capacity": {"storage": "1Gi"},
        "accessModes": ["ReadWriteOnce"],
        "persistentVolumeReclaimPolicy": "Retain",
        "volumeMode": "Filesystem",
        "hostPath": {"path": "/data", "type": ""},
        **spec,
    }
    meta: Object = {"name": "pv1", "resourceVersion": "7"}
    if annotations:
        meta["annotations"] = annotations
    return {"metadata": meta, "spec": {k: v for k, v in body.items() if v is not None}}


def pvc(phase: str = "Pending", status: Object | None = None, **spec: Any) -> Object:
    body = {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "1Gi"}},
        "volumeMode": "Filesystem",
        "storageClassName": "standard",
        **spec,
    }
    return {
        "metadata": {"name": "data", "namespace": "default", "resourceVersion": "7"},
        "spec": {k: v for k, v in body.items() if v is not None},
        "status": {"phase": phase, **(status or {})},
    }


def storage_class(**fields: Any) -> Object:
    body = {
        "provisioner": "example.com/disk",
        "reclaimPolicy": "Delete",
        "volumeBindingMode": "Immediate",
        **fields,
    }
    return {
        "metadata": {"name": "fast", "resourceVersion": "7"},
        **{k: v for k, v in body.items() if v is not None},
    }


def messages(errors: list) -> list[str]:
    return [str(e) for e in errors]


def affinity(*expressions: Object, fields: list[Object] | None = None) -> Object:
    term: Object = {"matchExpressions": list(expressions)}
    if fields is not None:
        term["matchFields"] = fields
    return {"required": {"nodeSelectorTerms": [term]}}


def zone(key: str = "topology.kubernetes.io/zone", *values: str) -> Object:
    return {"key": key, "operator": "In", "values": list(values or ["a"])}


# -- PersistentVolume ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        pytest.param(pv(), [], id="a hostPath volume"),
        pytest.param(
            pv(hostPath=None, nfs={"server": "nfs.example.com", "path": "/exports"}),
            [],
            id="an NFS volume",
        ),
        pytest.param(
            pv(hostPath=None, csi={"driver": "disk.csi.example.com", "volumeHandle": "vol-1"}),
            [],
            id="a CSI volume",
        ),
        pytest.param(
            pv(hostPath=None, local={"path": "/mnt/disk"}, nodeAffinity=affinity(zone())),
            [],
            id="a local volume with its node",
        ),
        pytest.param(pv(accessModes=[]), ["spec.accessModes: Required value"], id="no mode"),
        pytest.param(
            pv(accessModes=["ReadWriteSometimes"]),
            [
                'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: '
                + ACCESS_MODES
            ],
            id="an unknown access mode",
        ),
        pytest.param(
            pv(accessModes=["ReadWriteOncePod", "ReadWriteOnce"]),
            ["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"],
            id="ReadWriteOncePod alone",
        ),
        pytest.param(
            pv(capacity=None),
            [
                "spec.capacity: Required value",
                'spec.capacity: Unsupported value: null: supported values: "storage"',
            ],
            id="capacity is required",
        ),
        pytest.param(
            pv(capacity={"storage": "1Gi", "cpu": "1000m"}),
            [
                'spec.capacity: Unsupported value: {"cpu":"1","storage":"1Gi"}: supported values: "storage"'
            ],
            id="capacity is only storage",
        ),
        pytest.param(
            pv(capacity={"storage": "0"}),
            ['spec.capacity[storage]: Invalid value: "0": must be greater than zero'],
            id="capacity is positive",
        ),
        pytest.param(
            pv(capacity={"storage": "-500m"}),
            [
                "spec.capacity[storage]: Invalid value: -1: must be a valid resource quantity",
                'spec.capacity[storage]: Invalid value: "-500m": must be greater than zero',
            ],
            id="a negative capacity, its value rounded away from zero",
        ),
        pytest.param(
            pv(persistentVolumeReclaimPolicy="Keep"),
            [
                'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: '
                '"Delete", "Recycle", "Retain"'
            ],
            id="reclaim policies",
        ),
        pytest.param(
            pv(persistentVolumeReclaimPolicy="Recycle", hostPath={"path": "/tmp/.."}),
            [
                "spec.hostPath.path: Invalid value: \"/tmp/..\": must not contain '..'",
                "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a "
                "hostPath mount of '/'",
            ],
            id="the host's root is never recycled",
        ),
        pytest.param(
            pv(persistentVolumeReclaimPolicy="Recycle", hostPath={"path": "//"}),
            [
                "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a "
                "hostPath mount of '/'"
            ],
            id="however the root is written",
        ),
        pytest.param(
            pv(persistentVolumeReclaimPolicy="Recycle", hostPath={"path": "/srv"}),
            [],
            id="another directory is recycled",
        ),
        pytest.param(
            pv(hostPath=None), ["spec: Required value: must specify a volume type"], id="no source"
        ),
        pytest.param(
            pv(nfs={"server": "s", "path": "/p"}, cephfs={"monitors": ["m"]}),
            [
                "spec.nfs: Forbidden: may not specify more than 1 volume type",
                "spec.cephFS: Forbidden: may not specify more than 1 volume type",
            ],
            id="one source only, refused at Kubernetes' paths",
        ),
        pytest.param(
            pv(flexVolume={"driver": "example/flex"}), [], id="sic: a second flexVolume is let by"
        ),
        pytest.param(pv(hostPath={"path": ""}), ["spec.hostPath.path: Required value"], id="path"),
        pytest.param(
            pv(hostPath={"path": "/data", "type": "Dir"}),
            [
                'spec.hostPath.type: Unsupported value: "Dir": supported values: "", '
                '"BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", '
                '"FileOrCreate", "Socket"'
            ],
            id="hostPath types",
        ),
        pytest.param(
            pv(hostPath=None, nfs={}),
            [
                "spec.nfs.server: Required value",
                "spec.nfs.path: Required value",
                'spec.nfs.path: Invalid value: "": must be an absolute path',
            ],
            id="an NFS server and path",
        ),
        pytest.param(
            pv(hostPath=None, local={"path": "../etc"}),
            [
                "spec.local.path: Invalid value: \"../etc\": must not contain '..'",
                "spec.nodeAffinity: Required value: Local volume requires node affinity",
            ],
            id="a local volume is on a node",
        ),
        pytest.param(
            pv(hostPath=None, csi={}),
            ["spec.csi.driver: Required value", "spec.csi.volumeHandle: Required value"],
            id="a CSI driver and handle",
        ),
        pytest.param(
            pv(hostPath=None, csi={"driver": "Disk_CSI", "volumeHandle": "v"}),
            [f'spec.csi.driver: Invalid value: "Disk_CSI": {SUBDOMAIN}'],
            id="a CSI driver's name, in any case",
        ),
        pytest.param(
            pv(hostPath=None, csi={"driver": "d" * 64, "volumeHandle": "v"}),
            ["spec.csi.driver: Too long: may not be more than 63 bytes"],
            id="a CSI driver's name is short",
        ),
        pytest.param(
            pv(
                hostPath=None,
                csi={
                    "driver": "d",
                    "volumeHandle": "v",
                    "nodePublishSecretRef": {"name": "s"},
                    "controllerPublishSecretRef": {"namespace": "Bad"},
                    "nodeStageSecretRef": {},
                },
            ),
            [
                "spec.csi.controllerPublishSecretRef.name: Required value",
                'spec.csi.controllerPublishSecretRef.namespace: Invalid value: "Bad": a '
                "lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
                "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.csi.nodePublishSecretRef.namespace: Required value",
            ],
            id="CSI secrets (but the node stage one)",
        ),
        pytest.param(
            pv(storageClassName="Fast"),
            [f'spec.storageClassName: Invalid value: "Fast": {SUBDOMAIN}'],
            id="a storage class name",
        ),
        pytest.param(
            pv(volumeMode="Raw"),
            ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"'],
            id="volume modes",
        ),
        pytest.param(
            pv(volumeAttributesClassName=""),
            [
                "spec.volumeAttributesClassName: Required value: an empty string is disallowed",
                "spec.csi: Required value: has to be specified when using "
                "volumeAttributesClassName",
            ],
            id="an attributes class is a CSI volume's",
        ),
        pytest.param(
            pv({sv.MOUNT_OPTIONS_ANNOTATION: "ro"}),
            [
                "metadata.annotations.volume.beta.kubernetes.io/mount-options: Forbidden: may "
                "not specify mount options for this volume type"
            ],
            id="a hostPath takes no mount options",
        ),
        pytest.param(
            pv(
                {sv.MOUNT_OPTIONS_ANNOTATION: "ro"}, hostPath=None, nfs={"server": "s", "path": "/"}
            ),
            [],
            id="an NFS volume does",
        ),
    ],
)
def test_persistent_volume(volume: Object, expected: list[str]):
    assert messages(sv.validate_persistent_volume(volume)) == expected


NODE_AFFINITY = "spec.nodeAffinity.required.nodeSelectorTerms[0]"


@pytest.mark.parametrize(
    ("node_affinity", "expected"),
    [
        pytest.param(
            {},
            ["spec.nodeAffinity.required: Required value: must specify required node constraints"],
            id="required constraints",
        ),
        pytest.param(
            {"required": {"nodeSelectorTerms": []}},
            [
                "spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least "
                "one node selector term"
            ],
            id="a term at least",
        ),
        pytest.param(
            affinity({"key": "zone", "operator": "Near", "values": ["a"]}),
            [
                f'{NODE_AFFINITY}.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator'
            ],
            id="operators",
        ),
        pytest.param(
            affinity(
                {"key": "zone", "operator": "In"},
                {"key": "zone", "operator": "Exists", "values": ["a"]},
                {"key": "cores", "operator": "Gt", "values": ["1", "2"]},
                {"key": "cores", "operator": "Lt", "values": ["4"]},
            ),
            [
                f"{NODE_AFFINITY}.matchExpressions[0].values: Required value: must be specified "
                "when `operator` is 'In' or 'NotIn'",
                f"{NODE_AFFINITY}.matchExpressions[1].values: Forbidden: may not be specified "
                "when `operator` is 'Exists' or 'DoesNotExist'",
                f"{NODE_AFFINITY}.matchExpressions[2].values: Required value: must be specified "
                "single value when `operator` is 'Lt' or 'Gt'",
            ],
            id="values by operator",
        ),
        pytest.param(
            affinity({"key": "-zone", "operator": "In", "values": ["-a"]}),
            [
                f'{NODE_AFFINITY}.matchExpressions[0].key: Invalid value: "-zone": name part must '
                "consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                f'{NODE_AFFINITY}.matchExpressions[0].values[0]: Invalid value: "-a": a valid '
                "label must be an empty string or consist of alphanumeric characters, '-', '_' or "
                "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                "'my_value',  or '12345', regex used for validation is "
                "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            ],
            id="label keys and values",
        ),
        pytest.param(
            affinity(
                fields=[
                    {"key": "metadata.name", "operator": "In", "values": ["node-1"]},
                    {"key": "metadata.name", "operator": "Exists"},
                    {"key": "spec.nodeName", "operator": "NotIn", "values": ["a", "b"]},
                    {"key": "metadata.name", "operator": "In", "values": ["Node_1"]},
                ]
            ),
            [
                f'{NODE_AFFINITY}.matchFields[1].operator: Invalid value: "Exists": not a valid '
                "selector operator",
                f"{NODE_AFFINITY}.matchFields[2].values: Required value: must be only one value "
                "when `operator` is 'In' or 'NotIn' for node field selector",
                f'{NODE_AFFINITY}.matchFields[2].key: Invalid value: "spec.nodeName": not a valid '
                "field selector key",
                f'{NODE_AFFINITY}.matchFields[3].values[0]: Invalid value: "Node_1": {SUBDOMAIN}',
            ],
            id="node fields",
        ),
    ],
)
def test_persistent_volume_node_affinity(node_affinity: Object, expected: list[str]):
    volume = pv(nodeAffinity=node_affinity)
    assert messages(sv.validate_persistent_volume(volume)) == expected


HOST_PATH_DIFF = """@@ -2,7 +2,7 @@
  "GCEPersistentDisk": null,
  "AWSElasticBlockStore": null,
  "HostPath": {
-  "Path": "/data",
+  "Path": "/srv",
   "Type": ""
  },
  "Glusterfs": null,
"""


def test_a_volume_source_is_immutable_and_the_error_shows_the_change():
    old = pv()
    new = pv(hostPath={"path": "/srv", "type": ""})
    assert messages(sv.validate_persistent_volume_update(new, old)) == [
        "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after "
        "creation\n" + HOST_PATH_DIFF
    ]


def test_a_csi_volume_may_gain_a_controller_expand_secret_and_nothing_else():
    csi = {"driver": "d", "volumeHandle": "v"}
    old = pv(hostPath=None, csi=csi)
    secret = {"name": "s", "namespace": "kube-system"}
    new = pv(hostPath=None, csi={**csi, "controllerExpandSecretRef": secret})
    assert sv.validate_persistent_volume_update(new, old) == []
    moved = pv(hostPath=None, csi={**csi, "volumeHandle": "w", "readOnly": False})
    assert messages(sv.validate_persistent_volume_update(moved, old)) == [
        "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after "
        'creation\n@@ -22,7 +22,7 @@\n  "StorageOS": null,\n  "CSI": {\n   "Driver": "d",\n'
        '-  "VolumeHandle": "v",\n+  "VolumeHandle": "w",\n   "ReadOnly": false,\n'
        '   "FSType": "",\n   "VolumeAttributes": null,\n'
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(pv(), pv(persistentVolumeReclaimPolicy="Delete"), [], id="reclaim policy"),
        pytest.param(pv(), pv(capacity={"storage": "2Gi"}), [], id="capacity"),
        pytest.param(
            pv(),
            pv(volumeMode="Block"),
            ['volumeMode: Invalid value: "Block": field is immutable'],
            id="the mode is not",
        ),
        pytest.param(pv(), pv(nodeAffinity=affinity(zone())), [], id="node affinity set"),
        pytest.param(
            pv(nodeAffinity=affinity(zone())),
            pv(nodeAffinity=affinity(zone("topology.kubernetes.io/zone", "b"))),
            [
                'nodeAffinity: Invalid value: {"Required":{"NodeSelectorTerms":[{"MatchExpressions":'
                '[{"Key":"topology.kubernetes.io/zone","Operator":"In","Values":["b"]}],'
                '"MatchFields":null}]}}: field is immutable, except for updating from beta label '
                "to GA"
            ],
            id="node affinity once set",
        ),
        pytest.param(
            pv(nodeAffinity=affinity(zone("failure-domain.beta.kubernetes.io/zone"))),
            pv(nodeAffinity=affinity(zone("topology.kubernetes.io/zone"))),
            [],
            id="but for a beta label's key moved to GA",
        ),
        pytest.param(
            pv(nodeAffinity=affinity(zone())),
            pv(nodeAffinity=None),
            [
                "nodeAffinity: Invalid value: null: field is immutable, except for updating from beta label to GA"
            ],
            id="node affinity is not dropped",
        ),
        pytest.param(
            pv(
                hostPath=None,
                csi={"driver": "d", "volumeHandle": "v"},
                volumeAttributesClassName="gold",
            ),
            pv(hostPath=None, csi={"driver": "d", "volumeHandle": "v"}),
            [
                "spec.volumeAttributesClassName: Forbidden: update from non-nil value to nil is forbidden"
            ],
            id="an attributes class is not dropped",
        ),
    ],
)
def test_persistent_volume_update(old: Object, new: Object, expected: list[str]):
    assert messages(sv.validate_persistent_volume_update(new, old)) == expected


def test_a_volume_update_checks_the_spec_twice_as_kubernetes_does():
    new = pv(storageClassName="Fast")
    assert (
        messages(sv.validate_persistent_volume_update(new, pv(storageClassName="Fast")))
        == [f'spec.storageClassName: Invalid value: "Fast": {SUBDOMAIN}'] * 2
    )


def test_a_volume_status_update_needs_a_resource_version():
    volume = pv()
    assert sv.validate_persistent_volume_status_update(volume, volume) == []
    volume["metadata"].pop("resourceVersion")
    assert messages(sv.validate_persistent_volume_status_update(volume, pv())) == [
        "resourceVersion: Required value"
    ]


# -- PersistentVolumeClaim -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        pytest.param(pvc(), [], id="a claim"),
        pytest.param(
            pvc(accessModes=None),
            ["spec.accessModes: Required value: at least 1 access mode is required"],
            id="an access mode",
        ),
        pytest.param(
            pvc(accessModes=["ReadWriteOncePod", "ReadOnlyMany", "Any"]),
            [
                f'spec.accessModes: Unsupported value: "Any": supported values: {ACCESS_MODES}',
                "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
            ],
            id="access modes",
        ),
        pytest.param(
            pvc(resources={"limits": {"storage": "1Gi"}}),
            ["spec.resources[storage]: Required value"],
            id="storage requested",
        ),
        pytest.param(
            pvc(resources={"requests": {"storage": "-1Gi"}}),
            ['spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero'],
            id="a positive amount",
        ),
        pytest.param(
            pvc(selector={"matchExpressions": [{"key": "tier", "operator": "Near"}]}),
            [
                'spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid '
                "selector operator"
            ],
            id="a selector",
        ),
        pytest.param(
            pvc(storageClassName="Fast", volumeAttributesClassName="Gold"),
            [
                f'spec.storageClassName: Invalid value: "Fast": {SUBDOMAIN}',
                f'spec.volumeAttributesClassName: Invalid value: "Gold": {SUBDOMAIN}',
            ],
            id="class names",
        ),
        pytest.param(pvc(storageClassName=""), [], id="no class"),
        pytest.param(
            pvc(volumeMode="Raw"),
            ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"'],
            id="volume modes",
        ),
        pytest.param(
            pvc(dataSource={"kind": "PersistentVolumeClaim", "name": "other"}),
            [],
            id="a claim cloned",
        ),
        pytest.param(
            pvc(dataSource={}),
            [
                "spec.dataSource.name: Required value",
                "spec.dataSource.kind: Required value",
                "spec.dataSource: Invalid value: \"\": must be 'PersistentVolumeClaim' when "
                "referencing the default apiGroup",
            ],
            id="a data source's kind and name",
        ),
        pytest.param(
            pvc(
                dataSourceRef={
                    "apiGroup": "Snapshot.Storage",
                    "kind": "VolumeSnapshot",
                    "name": "s",
                    "namespace": "Other",
                }
            ),
            [
                f'spec.dataSourceRef.apiGroup: Invalid value: "Snapshot.Storage": {SUBDOMAIN}',
                'spec.dataSourceRef.namespace: Invalid value: "Other": a lowercase RFC 1123 label '
                "must consist of lower case alphanumeric characters or '-', and must start and "
                "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
                "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            ],
            id="a data source reference's group and namespace",
        ),
        pytest.param(
            pvc(
                dataSource={"kind": "PersistentVolumeClaim", "name": "a"},
                dataSourceRef={"kind": "PersistentVolumeClaim", "name": "a", "namespace": "other"},
            ),
            [
                "spec: Invalid value: {}: may not be specified when dataSourceRef.namespace is specified"
            ],
            id="a source from another namespace is only a reference",
        ),
        pytest.param(
            pvc(
                dataSource={"kind": "PersistentVolumeClaim", "name": "a"},
                dataSourceRef={"kind": "PersistentVolumeClaim", "name": "b"},
            ),
            ["spec: Invalid value: {}: must match dataSourceRef"],
            id="the source and the reference agree",
        ),
    ],
)
def test_persistent_volume_claim(claim: Object, expected: list[str]):
    assert messages(sv.validate_persistent_volume_claim(claim)) == expected


CLAIM_DIFF = """@@ -6,7 +6,7 @@
  "Resources": {
   "Limits": null,
   "Requests": {
-   "storage": "1Gi"
+   "storage": "2Gi"
   }
  },
  "VolumeName": "",
"""


def test_a_pending_claim_may_not_grow_and_the_error_shows_the_change():
    new = pvc(resources={"requests": {"storage": "2Gi"}})
    assert messages(sv.validate_persistent_volume_claim_update(new, pvc())) == [
        f"spec: Forbidden: {sv.CLAIM_SPEC_IMMUTABLE}\n{CLAIM_DIFF}"
    ]


BOUND = {"capacity": {"storage": "2Gi"}}


def bound(**spec: Any) -> Object:
    return pvc("Bound", BOUND, volumeName="pv1", **spec)


def with_annotation(claim: Object, storage_class: str) -> Object:
    claim = copy.deepcopy(claim)
    claim["metadata"]["annotations"] = {sv.STORAGE_CLASS_ANNOTATION: storage_class}
    return claim


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(pvc(), pvc(volumeName="pv1"), [], id="a claim is bound once"),
        pytest.param(
            pvc(resources={"requests": {"storage": "1024Mi"}}), pvc(), [], id="amounts, as amounts"
        ),
        pytest.param(bound(), bound(resources={"requests": {"storage": "5Gi"}}), [], id="grows"),
        pytest.param(
            bound(resources={"requests": {"storage": "5Gi"}}),
            bound(resources={"requests": {"storage": "3Gi"}}),
            [],
            id="a failed expansion is taken back",
        ),
        pytest.param(
            bound(resources={"requests": {"storage": "5Gi"}}),
            bound(resources={"requests": {"storage": "2Gi"}}),
            [
                "spec.resources.requests.storage: Forbidden: field can not be less than "
                "status.capacity"
            ],
            id="never below the capacity",
        ),
        pytest.param(
            bound(),
            bound(volumeAttributesClassName="gold"),
            [],
            id="a bound claim changes its attributes class",
        ),
        pytest.param(
            pvc(storageClassName=None),
            pvc(storageClassName="fast"),
            [],
            id="a class where there was none",
        ),
        pytest.param(
            with_annotation(pvc(storageClassName=None), "fast"),
            with_annotation(pvc(storageClassName="fast"), "fast"),
            [],
            id="the class the beta annotation named",
        ),
        pytest.param(
            with_annotation(pvc(storageClassName="fast"), "fast"),
            with_annotation(pvc(storageClassName="fast"), "slow"),
            [
                "metadata.annotations.volume.beta.kubernetes.io/storage-class: Invalid value: "
                '"slow": field is immutable'
            ],
            id="the beta annotation never changes",
        ),
        pytest.param(
            pvc(),
            pvc(volumeMode="Block"),
            [
                f"spec: Forbidden: {sv.CLAIM_SPEC_IMMUTABLE}\n"
                '@@ -11,7 +11,7 @@\n  },\n  "VolumeName": "",\n  "StorageClassName": "standard",\n'
                '- "VolumeMode": "Filesystem",\n+ "VolumeMode": "Block",\n  "DataSource": null,\n'
                '  "DataSourceRef": null,\n  "VolumeAttributesClassName": null\n',
                'volumeMode: Invalid value: "Block": field is immutable',
            ],
            id="the mode never changes",
        ),
        pytest.param(
            bound(volumeAttributesClassName="gold"),
            bound(),
            [],
            id="an attributes class not yet applied",
        ),
    ],
)
def test_persistent_volume_claim_update(old: Object, new: Object, expected: list[str]):
    assert messages(sv.validate_persistent_volume_claim_update(new, old)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (None, "update to nil is forbidden"),
        ("", "update to empty string is forbidden"),
    ],
)
def test_an_applied_attributes_class_stays(name: str | None, expected: str):
    applied = {"currentVolumeAttributesClassName": "gold", **BOUND}
    old = pvc("Bound", applied, volumeName="pv1", volumeAttributesClassName="gold")
    new = pvc("Bound", applied, volumeName="pv1", volumeAttributesClassName=name)
    if name is None:
        new["spec"].pop("volumeAttributesClassName", None)
    assert messages(sv.validate_persistent_volume_claim_update(new, old)) == [
        f"spec.volumeAttributesClassName: Forbidden: {expected} when "
        "status.currentVolumeAttributesClassName is not nil"
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        pytest.param({"capacity": {"storage": "1Gi"}}, [], id="a capacity"),
        pytest.param(
            {"capacity": {"storage": "-1Ki"}},
            ["status.capacity[storage]: Invalid value: -1024: must be a valid resource quantity"],
            id="no negative capacity",
        ),
        pytest.param(
            {"allocatedResourceStatuses": {"storage": "Resizing", "cpu": "NodeResizePending"}},
            [
                'status.allocatedResourceStatuses: Unsupported value: "cpu": supported values: '
                '"storage"',
                'status.allocatedResourceStatuses: Unsupported value: "storage": supported values: '
                '"ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress", '
                '"NodeResizeInfeasible", "NodeResizePending"',
            ],
            id="resize statuses, reported by their resource",
        ),
        pytest.param(
            {"allocatedResources": {"storage": "2Gi", "example.com/x": "-1", "a/b/c": "1"}},
            [
                'status.allocatedResources: Invalid value: "a/b/c": a valid label key must '
                "consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
                "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                "status.allocatedResources[example.com/x]: Invalid value: -1: must be a valid "
                "resource quantity",
            ],
            id="allocated resources",
        ),
    ],
)
def test_persistent_volume_claim_status_update(status: Object, expected: list[str]):
    new = pvc("Bound", status)
    assert messages(sv.validate_persistent_volume_claim_status_update(new, pvc())) == expected


def test_a_claim_status_update_needs_a_resource_version_and_sic_access_modes():
    new = pvc(accessModes=None)
    new["metadata"].pop("resourceVersion")
    assert messages(sv.validate_persistent_volume_claim_status_update(new, pvc())) == [
        "resourceVersion: Required value",
        "Spec.accessModes: Required value",
    ]


# -- StorageClass ----------------------------------------------------------------------------


def topology(*expressions: tuple[str, list[str]]) -> Object:
    return {"matchLabelExpressions": [{"key": k, "values": v} for k, v in expressions]}


@pytest.mark.parametrize(
    ("sc", "expected"),
    [
        pytest.param(storage_class(), [], id="a class"),
        pytest.param(storage_class(provisioner=None), ["provisioner: Required value"], id="none"),
        pytest.param(
            storage_class(provisioner="Example.com/Disk_"),
            [
                'provisioner: Invalid value: "example.com/disk_": name part must consist of '
                "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
                "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
            ],
            id="a provisioner is a qualified name, lowercased",
        ),
        pytest.param(
            storage_class(parameters={"": "x", "type": "ssd"}),
            ['parameters: Invalid value: "": field can not be empty.'],
            id="parameters are named",
        ),
        pytest.param(
            storage_class(parameters={str(i): "" for i in range(513)}),
            ["parameters: Too long: may not be more than 512 bytes"],
            id="512 parameters at most (sic: bytes)",
        ),
        pytest.param(
            storage_class(parameters={"blob": "x" * (256 * 1024)}),
            ["parameters: Too long: may not be more than 262144 bytes"],
            id="256 KiB of parameters at most",
        ),
        pytest.param(
            storage_class(reclaimPolicy="Recycle"),
            ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"'],
            id="reclaim policies",
        ),
        pytest.param(
            storage_class(volumeBindingMode=None),
            ["volumeBindingMode: Required value"],
            id="a binding mode",
        ),
        pytest.param(
            storage_class(volumeBindingMode="Later"),
            [
                'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", '
                '"WaitForFirstConsumer"'
            ],
            id="binding modes",
        ),
        pytest.param(
            storage_class(
                allowedTopologies=[topology(("zone", ["a", "b"])), topology(("rack", ["1"]))]
            ),
            [],
            id="topologies",
        ),
        pytest.param(
            storage_class(
                allowedTopologies=[topology(("zone", []), ("zone", ["a", "a"]), ("-bad", ["x"]))]
            ),
            [
                "allowedTopologies[0].matchLabelExpressions[0].values: Required value",
                'allowedTopologies[0].matchLabelExpressions[1].values[1]: Duplicate value: "a"',
                'allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "zone"',
                'allowedTopologies[0].matchLabelExpressions[2].key: Invalid value: "-bad": name '
                "part must consist of alphanumeric characters, '-', '_' or '.', and must start "
                "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                "'123-abc', regex used for validation is "
                "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
            id="a topology's values and keys",
        ),
        pytest.param(
            storage_class(
                allowedTopologies=[topology(("zone", ["a", "b"])), topology(("zone", ["b", "a"]))]
            ),
            ['allowedTopologies[1].matchLabelExpressions: Duplicate value: ""'],
            id="each topology once",
        ),
        pytest.param(
            storage_class(allowedTopologies=[topology(("zone", ["a"])), topology()]),
            ['allowedTopologies[1].matchLabelExpressions: Duplicate value: ""'] * 2,
            id="sic: an empty topology duplicates one per topology",
        ),
    ],
)
def test_storage_class(sc: Object, expected: list[str]):
    assert messages(sv.validate_storage_class(sc)) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"allowVolumeExpansion": True, "mountOptions": ["ro"]}, [], id="may change"),
        pytest.param({"parameters": {}}, [], id="no parameters are none"),
        pytest.param(
            {"parameters": {"type": "ssd"}},
            ['parameters: Invalid value: {"type":"ssd"}: field is immutable'],
            id="parameters",
        ),
        pytest.param(
            {"provisioner": "example.com/other"},
            ['provisioner: Invalid value: "example.com/other": field is immutable'],
            id="provisioner",
        ),
        pytest.param(
            {"reclaimPolicy": "Retain", "volumeBindingMode": "WaitForFirstConsumer"},
            [
                'reclaimPolicy: Invalid value: "Retain": field is immutable',
                'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
            ],
            id="policy and binding mode",
        ),
    ],
)
def test_storage_class_update(change: Object, expected: list[str]):
    old = storage_class()
    assert messages(sv.validate_storage_class_update({**old, **change}, old)) == expected
