"""kubeadm's kube-proxy add-on (cmd/kubeadm/app/phases/addons/proxy), as the request bodies
`kubeadm init` sends: the kube-proxy ConfigMap, the ServiceAccount, the ClusterRoleBinding
that gives it system:node-proxier, and the Role and RoleBinding that let joining nodes read
the ConfigMap.

Not the DaemonSet: KubeLab runs kube-proxy as a component of each node (kubeproxy.py), not
as pods; the component's client acts as the ServiceAccount (USER, GROUPS).
"""

from __future__ import annotations

import hashlib

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.kubernetesservice import SECURE_PORT
from cluster.engine.client import Client, create_or_update
from cluster.engine.proxy import config

NAMESPACE = "kube-system"
NAME = "kube-proxy"  # the ServiceAccount, the ConfigMap, its Role and RoleBinding
USER = f"system:serviceaccount:{NAMESPACE}:{NAME}"
GROUPS = ("system:serviceaccounts", f"system:serviceaccounts:{NAMESPACE}")
CLUSTER_ROLE_BINDING = "kubeadm:node-proxier"  # KubeProxyClusterRoleBindingName
CLUSTER_ROLE = "system:node-proxier"
BOOTSTRAP_GROUP = "system:bootstrappers:kubeadm:default-node-token"  # NodeBootstrapTokenAuthGroup
CONFIG_KEY = "config.conf"  # KubeProxyConfigMapKey
HASH_ANNOTATION = "kubeadm.kubernetes.io/component-config.hash"
RBAC = "rbac.authorization.k8s.io"

# the KubeProxyConfiguration as kubeadm marshals it: every field of v1alpha1, keys sorted,
# only what kubeadm defaults set (bindAddress, clusterCIDR, the kubeconfig); kube-proxy
# defaults the rest when it loads the file
CONFIG = f"""\
apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: {config.BIND_ADDRESS}
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: {config.KUBECONFIG}
  qps: 0
clusterCIDR: {config.CLUSTER_CIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
"""

KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: {server}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
"""


def ensure(client: Client, advertise_address: str) -> None:
    """EnsureProxyAddon: create each object, or update it if it exists (CreateOrUpdate).
    The kubeconfig points at kube-apiserver's advertised address (GetControlPlaneEndpoint)."""
    create_or_update(client, objects(advertise_address))


def objects(advertise_address: str) -> list[tuple[str, Object]]:
    """The add-on's objects, in the order kubeadm creates them."""
    return [
        ("configmaps", config_map(f"https://{advertise_address}:{SECURE_PORT}")),
        ("serviceaccounts", _object("v1", "ServiceAccount", NAMESPACE)),
        ("clusterrolebindings", cluster_role_binding()),
        ("roles", role()),
        ("rolebindings", role_binding()),
    ]


def config_map(server: str) -> Object:
    """The kube-proxy ConfigMap, signed with the hash of its data (SignConfigMap)."""
    # the manifest holds both as `|-` block scalars: without their final line break
    data = {
        CONFIG_KEY: CONFIG.rstrip("\n"),
        "kubeconfig.conf": KUBECONFIG.format(server=server).rstrip("\n"),
    }
    digest = hashlib.sha256("".join(data[key] for key in sorted(data)).encode()).hexdigest()
    body = _object("v1", "ConfigMap", NAMESPACE)
    body["metadata"].update(labels={"app": NAME}, annotations={HASH_ANNOTATION: f"sha256:{digest}"})
    body["data"] = data
    return body


def cluster_role_binding() -> Object:
    body = _object(f"{RBAC}/v1", "ClusterRoleBinding", name=CLUSTER_ROLE_BINDING)
    body["roleRef"] = {"apiGroup": RBAC, "kind": "ClusterRole", "name": CLUSTER_ROLE}
    body["subjects"] = [{"kind": "ServiceAccount", "name": NAME, "namespace": NAMESPACE}]
    return body


def role() -> Object:
    body = _object(f"{RBAC}/v1", "Role", NAMESPACE)
    body["rules"] = [
        {"verbs": ["get"], "apiGroups": [""], "resources": ["configmaps"], "resourceNames": [NAME]}
    ]
    return body


def role_binding() -> Object:
    body = _object(f"{RBAC}/v1", "RoleBinding", NAMESPACE)
    body["roleRef"] = {"apiGroup": RBAC, "kind": "Role", "name": NAME}
    body["subjects"] = [{"kind": "Group", "name": BOOTSTRAP_GROUP}]
    return body


def _object(api_version: str, kind: str, namespace: str = "", name: str = NAME) -> Object:
    meta = {"name": name, **({"namespace": namespace} if namespace else {})}
    return {"apiVersion": api_version, "kind": kind, "metadata": meta}
