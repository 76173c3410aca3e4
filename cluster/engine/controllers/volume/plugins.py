"""The volume plugins kube-controller-manager's binder has (probeControllerVolumePlugins:
hostPath, NFS, FC, iSCSI and CSI), as far as provisioning, deleting and recycling go.

Only hostPath provisions (when --enable-hostpath-provisioner is set, which a kubeadm
cluster does not set) and deletes (directories under /tmp only); hostPath and NFS recycle.
In-tree provisioners migrated to CSI are named by their CSI driver, whose external
provisioner does the work.
"""

from __future__ import annotations

import re

from cluster.engine.api import pvutil
from cluster.engine.api.meta import Object

HOST_PATH = "kubernetes.io/host-path"
NFS = "kubernetes.io/nfs"
CSI = "kubernetes.io/csi"
IN_TREE_PREFIX = "kubernetes.io/"
# the plugin of each volume source (CanSupport)
_BY_SOURCE = {
    "hostPath": HOST_PATH,
    "nfs": NFS,
    "fc": "kubernetes.io/fc",
    "iscsi": "kubernetes.io/iscsi",
    "csi": CSI,
}
_DELETABLE = frozenset({HOST_PATH})
_PROVISIONABLE = frozenset({HOST_PATH})
_RECYCLABLE = frozenset({HOST_PATH, NFS})
# csimigration's IsMigrationEnabledForPlugin, and the CSI driver each one translates to
MIGRATED = {
    "kubernetes.io/aws-ebs": "ebs.csi.aws.com",
    "kubernetes.io/gce-pd": "pd.csi.storage.gke.io",
    "kubernetes.io/azure-file": "file.csi.azure.com",
    "kubernetes.io/azure-disk": "disk.csi.azure.com",
    "kubernetes.io/cinder": "cinder.csi.openstack.org",
    "kubernetes.io/vsphere-volume": "csi.vsphere.vmware.com",
    "kubernetes.io/portworx-volume": "pxd.portworx.com",
}
_TMP = re.compile("/tmp/.+")
RECYCLER_IMAGE = "registry.k8s.io/build-image/debian-base:bookworm-v1.0.6"
SCRUB = 'test -e /scrub && find /scrub -mindepth 1 -delete && test -z "$(ls -A /scrub)" || exit 1'
# --pv-recycler-minimum-timeout-hostpath, -nfs and --pv-recycler-increment-timeout-*
HOST_PATH_RECYCLER_MINIMUM_TIMEOUT = 60
NFS_RECYCLER_MINIMUM_TIMEOUT = 300
RECYCLER_TIMEOUT_INCREMENT = 30


class PluginError(Exception):
    """What a plugin lookup or operation says when it fails."""


def plugin_by_spec(volume: Object) -> str:
    """FindPluginBySpec: the one plugin that supports the volume's source."""
    spec = volume["spec"]
    found = [name for source, name in _BY_SOURCE.items() if spec.get(source) is not None]
    if not found:
        raise PluginError("no volume plugin matched")
    if len(found) > 1:
        raise PluginError(f"multiple volume plugins matched: {','.join(found)}")
    return found[0]


def _by_name(name: str, able: frozenset[str], what: str) -> str:
    """FindDeletablePluginByName and FindProvisionablePluginByName."""
    if name in able:
        return name
    if name not in _BY_SOURCE.values():
        raise PluginError(f"no volume plugin matched name: {name}")
    raise PluginError(f"no {what} volume plugin matched")


def provisionable_plugin(provisioner: str) -> str | None:
    """findProvisionablePlugin, once the class is found: the in-tree plugin, or None for an
    external provisioner (CSI-migrated ones included)."""
    if provisioner in MIGRATED:
        return None
    try:
        return _by_name(provisioner, _PROVISIONABLE, "provisionable")
    except PluginError:
        if not provisioner.startswith(IN_TREE_PREFIX):
            return None
        raise


def deletable_plugin(volume: Object) -> str | None:
    """findDeletablePlugin: the plugin that deletes the volume, None for an external
    deleter."""
    provisioned_by = pvutil.annotations(volume).get(pvutil.ANN_DYNAMICALLY_PROVISIONED)
    if provisioned_by:
        try:
            return _by_name(provisioned_by, _DELETABLE, "deletable")
        except PluginError:
            if not provisioned_by.startswith(IN_TREE_PREFIX):
                return None
            raise
    if pvutil.ANN_MIGRATED_TO in pvutil.annotations(volume) or volume["spec"].get("csi"):
        return None
    try:
        found = plugin_by_spec(volume)
        if found not in _DELETABLE:
            raise PluginError("no deletable volume plugin matched")
    except PluginError as error:
        name = volume["metadata"]["name"]
        message = f'error getting deleter volume plugin for volume "{name}": {error}'
        raise PluginError(message) from error
    return found


def recyclable_plugin(volume: Object) -> str | None:
    """FindRecyclablePluginBySpec; None when there is none."""
    try:
        found = plugin_by_spec(volume)
    except PluginError:
        return None
    return found if found in _RECYCLABLE else None


def delete(volume: Object) -> None:
    """doDeleteVolume with the hostPath deleter, the only in-tree one: it removes the
    directory, from kube-controller-manager's own file system, only under /tmp."""
    source = volume["spec"].get("hostPath")
    if source is None:
        name = volume["metadata"]["name"]
        raise PluginError(
            f'failed to create deleter for volume "{name}": '
            "spec.PersistentVolumeSource.HostPath is nil"
        )
    path = source.get("path", "")
    if not _TMP.search(path):
        raise PluginError(f"host_path deleter only supports /tmp/.+ but received provided {path}")


def new_provisioner_error(plugin: str) -> str:
    """Why NewProvisioner fails: hostPath provisioning is disabled."""
    return f'provisioning in volume plugin "{plugin}" is disabled'


def recycler_pod(volume: Object) -> Object:
    """The recycler pod of a hostPath or NFS volume (NewPersistentVolumeRecyclerPodTemplate,
    with the plugin's overrides): it scrubs the volume clean within a deadline that grows
    with the volume's size (CalculateTimeoutForVolume)."""
    spec = volume["spec"]
    if "hostPath" in spec:
        minimum, source = HOST_PATH_RECYCLER_MINIMUM_TIMEOUT, {"path": spec["hostPath"]["path"]}
        kind, generate_name = "hostPath", "pv-recycler-"
    else:
        nfs = spec["nfs"]
        minimum, source = (
            NFS_RECYCLER_MINIMUM_TIMEOUT,
            {"server": nfs["server"], "path": nfs["path"]},
        )
        kind, generate_name = "nfs", "pv-recycler-nfs-"
    size = pvutil.storage(spec.get("capacity")) // 2**30
    container = {
        "name": "pv-recycler",
        "image": RECYCLER_IMAGE,
        "command": ["/bin/sh"],
        "args": ["-c", SCRUB],
        "volumeMounts": [{"name": "vol", "mountPath": "/scrub"}],
    }
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"generateName": generate_name, "namespace": "default"},
        "spec": {
            "activeDeadlineSeconds": max(minimum, size * RECYCLER_TIMEOUT_INCREMENT),
            "restartPolicy": "Never",
            "volumes": [{"name": "vol", kind: source}],
            "containers": [container],
        },
    }
