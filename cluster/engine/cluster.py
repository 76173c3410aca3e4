"""A whole cluster wired together: etcd, kube-apiserver, kube-scheduler,
kube-controller-manager, and a kubelet with its container runtime per node.

The cluster is driven from outside by three kinds of input, each deterministic: an API
request at a virtual time, an advance of the clock, and a step. The same spec and the same
inputs give the same objects and the same trace, every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.engine.api.validation import SYSTEM_PRIORITY_CLASSES
from cluster.engine.apiserver import bootstrappolicy, kubernetesservice
from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.authorization import MASTERS, NODES
from cluster.engine.apiserver.defaultservicecidr import DefaultServiceCIDRController
from cluster.engine.apiserver.identity import IdentityLeaseGarbageCollector, identity_lease
from cluster.engine.apiserver.repairip import RepairIP
from cluster.engine.apiserver.request import Credential, Request, Response
from cluster.engine.apiserver.server import NAME as APISERVER
from cluster.engine.apiserver.server import APIServer
from cluster.engine.apiserver.systemnamespaces import SystemNamespacesController
from cluster.engine.client import Client
from cluster.engine.clock import Clock, Timer
from cluster.engine.controllers.manager import NAME as CONTROLLER_MANAGER
from cluster.engine.controllers.manager import ControllerManager
from cluster.engine.dns import addon as dns_addon
from cluster.engine.dns.coredns import CoreDNS
from cluster.engine.localpath import addon as localpath_addon
from cluster.engine.localpath.provisioner import LocalPathProvisioner
from cluster.engine.networkpolicy import addon as kindnet_addon
from cluster.engine.networkpolicy.agent import NetworkPolicyAgent
from cluster.engine.networkpolicy.policy import Endpoint
from cluster.engine.node.kubelet import Kubelet, NodeConfig
from cluster.engine.node.nodestatus import MachineInfo
from cluster.engine.node.runtime import ContainerRuntime
from cluster.engine.proxy import addon as proxy_addon
from cluster.engine.proxy.kubeproxy import KubeProxy
from cluster.engine.scheduler.scheduler import NAME as SCHEDULER
from cluster.engine.scheduler.scheduler import Scheduler
from cluster.engine.store.etcd import Etcd
from cluster.engine.trace import Trace

ADMIN_USER = "kubernetes-admin"
CLUSTER_ADMINS = "kubeadm:cluster-admins"
SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
SANDBOX_QUOTA_BYTES = 16 * 1024 * 1024
DEFAULT_NODES = (
    NodeConfig("control-plane", "172.18.0.2", control_plane=True),
    NodeConfig("node-1", "172.18.0.3"),
    NodeConfig("node-2", "172.18.0.4"),
)


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    seed: int = 1
    epoch: int = 1_767_225_600  # unix time at virtual time 0
    admin_token: str = "kubelab-admin"
    nodes: tuple[NodeConfig, ...] = DEFAULT_NODES
    root_ca: str = ""  # the cluster CA's certificate (PEM), published in every namespace
    # etcd's --quota-backend-bytes. A sandbox's etcd holds at most 16 MiB (some 5,000 pods),
    # not etcd's 2 GiB: a class's clusters share one worker's memory
    quota_backend_bytes: int = SANDBOX_QUOTA_BYTES


@dataclass(slots=True)
class Node:
    config: NodeConfig
    kubelet: Kubelet
    runtime: ContainerRuntime
    proxy: KubeProxy
    kindnet: NetworkPolicyAgent


class Cluster:
    step_budget: int | None = None  # the most timers one input runs (None: no limit)

    def __init__(self, spec: ClusterSpec | None = None) -> None:
        self.spec = spec = spec or ClusterSpec()
        self.clock = Clock(spec.epoch)
        self.clock.on_crash = self._crashed
        self.crashes: list[Exception] = []  # for the host to log, then clear
        self.trace = Trace(self.clock)
        self.etcd = Etcd(quota_bytes=spec.quota_backend_bytes)
        self.apiserver = APIServer(self.clock, self.trace, self.etcd, self._rng(APISERVER))
        self.admin = Credential("token", spec.admin_token)
        admin = UserInfo(ADMIN_USER, (CLUSTER_ADMINS,))
        self.apiserver.authenticator.add_token(spec.admin_token, admin)
        self.apiserver.start()
        self._bootstrap_namespaces()
        self._bootstrap_policy()
        self._bootstrap_priority_classes()
        self._bootstrap_service_cidr()
        self._bootstrap_kubernetes_service()
        self._bootstrap_cluster_admins()
        self._bootstrap_addons()
        loopback = self._client(APISERVER, "system:apiserver", MASTERS)
        self.system_namespaces = SystemNamespacesController(self.clock, loopback, self.apiserver)
        self.identity_lease = identity_lease(
            self.clock, loopback, self._control_plane_host(), self._rng(f"{APISERVER}/identity")
        )
        self.identity_lease_gc = IdentityLeaseGarbageCollector(self.clock, loopback)
        self.controller_manager = ControllerManager(
            self.clock,
            self._client(CONTROLLER_MANAGER, "system:kube-controller-manager"),
            spec.root_ca,
        )
        self.scheduler = Scheduler(
            self.clock, self._client(SCHEDULER, "system:kube-scheduler"), self._rng(SCHEDULER)
        )
        host = self._control_plane_node()
        self.coredns = CoreDNS(
            self.clock,
            self._service_account_client(CoreDNS.name, "kube-system", "coredns"),
            self._rng(CoreDNS.name),
            local_ips=(host.internal_ip,) if host else (),
        )
        self.local_path_provisioner = LocalPathProvisioner(
            self.clock,
            self._service_account_client(
                LocalPathProvisioner.name,
                localpath_addon.NAMESPACE,
                localpath_addon.SERVICE_ACCOUNT,
            ),
            self._rng(LocalPathProvisioner.name),
        )
        self.nodes = {config.name: self._node(config) for config in spec.nodes}
        self.apiserver.kubelets.update((name, node.kubelet) for name, node in self.nodes.items())
        for node in self.nodes.values():
            node.runtime.network = self._runtime_for
            node.proxy.proxier.on_sync = self._network_changed
        self.coredns.control.services.add_handler(self._records_changed)
        self.coredns.control.slices.add_handler(self._records_changed)
        if host is not None:
            self.nodes[host.name].runtime.dns_server = self.coredns.serve
        self.system_namespaces.start()
        self.kubernetes_service.start()
        self.default_service_cidr.start()
        self.identity_lease.start()
        self.identity_lease_gc.start()
        self.controller_manager.start()
        self.scheduler.start()
        self.coredns.start()
        self.local_path_provisioner.start()
        for node in self.nodes.values():
            node.kubelet.start()
            node.proxy.start()
            node.kindnet.start()
        self.clock.run_until_idle()

    def _records_changed(self, kind: str, changed: Object, old: Object | None) -> None:
        """CoreDNS's informers have a Service or an EndpointSlice changed: its answers may."""
        self._network_changed()

    def _network_changed(self) -> None:
        """What a pod's questions to Services meet may have changed (CoreDNS's records, a
        kube-proxy's rules): every node's loops that keep asking ask anew."""
        for node in self.nodes.values():
            node.runtime.network_changed()

    def _runtime_for(self, ip: str) -> ContainerRuntime | None:
        """The pod network's routing: the runtime of the node whose pod CIDR holds `ip`."""
        return next((n.runtime for n in self.nodes.values() if n.runtime.owns(ip)), None)

    def _crashed(self, timer: Timer, error: Exception) -> None:
        """A component's callback failed. As Kubernetes' components recover a panic in a
        worker (runtime.HandleCrash), the cluster goes on: that callback's work is lost, the
        rest runs, and a replay of the journal fails at the same point in the same way."""
        who = timer.describe().partition(": ")[0]
        summary = f"Observed a panic in {timer.describe()}: {type(error).__name__}: {error}"
        self.trace.record(who, who, "panic", "", summary)
        self.crashes.append(error)

    def _rng(self, component: str) -> random.Random:
        """The component's own random stream of the cluster's seed, as each process has its
        own randomness: what one component draws never shifts another's choices."""
        return random.Random(f"{self.spec.seed}/{component}")

    def _client(self, name: str, user: str, *groups: str) -> Client:
        credential = self.apiserver.authenticator.issue_certificate(UserInfo(user, groups))
        return Client(self.apiserver, credential, name)

    def _service_account_client(self, name: str, namespace: str, account: str) -> Client:
        """A client acting as a service account, as an add-on's pods do."""
        user = f"system:serviceaccount:{namespace}:{account}"
        groups = ("system:serviceaccounts", f"system:serviceaccounts:{namespace}")
        return self._client(name, user, *groups)

    def _bootstrap_namespaces(self) -> None:
        """kube-apiserver's own bootstrap controller creates the system namespaces."""
        loopback = self._client("kube-apiserver", "system:apiserver", MASTERS)
        for name in SYSTEM_NAMESPACES:
            loopback.call("create", "namespaces", body={"metadata": {"name": name}})

    def _bootstrap_policy(self) -> None:
        """kube-apiserver's rbac/bootstrap-roles post-start hook creates the default roles."""
        bootstrappolicy.ensure_rbac_policy(
            self._client("kube-apiserver", "system:apiserver", MASTERS)
        )

    def _bootstrap_priority_classes(self) -> None:
        """kube-apiserver's scheduling/bootstrap-system-priority-classes post-start hook."""
        loopback = self._client("kube-apiserver", "system:apiserver", MASTERS)
        for name, (value, global_default, description) in SYSTEM_PRIORITY_CLASSES.items():
            body = {
                "apiVersion": "scheduling.k8s.io/v1",
                "kind": "PriorityClass",
                "metadata": {"name": name},
                "value": value,
                "globalDefault": global_default,
                "description": description,
            }
            loopback.call("create", "priorityclasses", body=body)

    def _control_plane_node(self) -> NodeConfig | None:
        """The node kube-apiserver runs on: the control-plane node (the first node, when
        none is one)."""
        return min(self.spec.nodes, key=lambda node: not node.control_plane, default=None)

    def _control_plane_host(self) -> str:
        node = self._control_plane_node()
        return node.name if node else APISERVER

    def _bootstrap_service_cidr(self) -> None:
        """kube-apiserver makes its default ServiceCIDR before it serves a Service, and
        repairs the IPAddresses of the cluster IPs it allocates."""
        loopback = self._client("kube-apiserver", "system:apiserver", MASTERS)
        self.default_service_cidr = DefaultServiceCIDRController(self.clock, loopback, self.etcd)
        self.default_service_cidr.sync()
        self.apiserver.ip_repair = RepairIP(self.clock, loopback, self.etcd)

    def _bootstrap_kubernetes_service(self) -> None:
        """kube-apiserver's bootstrap controller publishes itself as Service `kubernetes`, at
        the control-plane node's address."""
        node = self._control_plane_node()
        address = node.internal_ip if node else ""
        loopback = self._client("kube-apiserver", "system:apiserver", MASTERS)
        kubernetesservice.ensure(loopback, address)
        self.kubernetes_service = kubernetesservice.KubernetesServiceController(
            self.clock, loopback, self.etcd, address
        )

    def _bootstrap_cluster_admins(self) -> None:
        """kubeadm init binds its admin group to cluster-admin (admin.conf's user is in it),
        using the super-admin credentials that bypass RBAC."""
        kubeadm = self._client("kubeadm", "kubernetes-super-admin", MASTERS)
        kubeadm.call(
            "create",
            "clusterrolebindings",
            body={
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRoleBinding",
                "metadata": {"name": CLUSTER_ADMINS},
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "ClusterRole",
                    "name": "cluster-admin",
                },
                "subjects": [
                    {
                        "apiGroup": "rbac.authorization.k8s.io",
                        "kind": "Group",
                        "name": CLUSTER_ADMINS,
                    }
                ],
            },
        )

    def _bootstrap_addons(self) -> None:
        """kubeadm init's addon phase, as the cluster's admin: CoreDNS and kube-proxy; then
        kind's CNI (kindnet) and default storage."""
        kubeadm = self._client("kubeadm", ADMIN_USER, CLUSTER_ADMINS)
        host = self._control_plane_node()
        address = host.internal_ip if host else ""
        dns_addon.ensure(kubeadm, address, host.name if host else "")
        proxy_addon.ensure(kubeadm, address)
        kind = self._client("kind", ADMIN_USER, CLUSTER_ADMINS)
        kindnet_addon.ensure(kind)
        localpath_addon.ensure(kind)

    def _node(self, config: NodeConfig) -> Node:
        kubelet_name = f"kubelet/{config.name}"
        rng = self._rng(f"container-runtime/{config.name}")
        runtime = ContainerRuntime(
            self.clock, self.trace, config.name, rng, kubelet_name, config.internal_ip
        )
        client = self._client(kubelet_name, f"system:node:{config.name}", NODES)
        machine = MachineInfo.drawn(self._rng(f"machine/{config.name}"))
        kubelet = Kubelet(self.clock, client, runtime, config, machine)
        proxy_name = f"kube-proxy/{config.name}"
        proxy = KubeProxy(
            self.clock,
            self._service_account_client(proxy_name, "kube-system", "kube-proxy"),
            config.name,
            config.internal_ip,
            self._rng(proxy_name),
        )
        runtime.proxy = proxy
        kindnet_name = f"kindnet/{config.name}"
        kindnet = NetworkPolicyAgent(
            self._service_account_client(kindnet_name, kindnet_addon.NAMESPACE, kindnet_addon.NAME),
            config.name,
            self._dns_endpoint(),
        )
        runtime.policies = kindnet
        return Node(config, kubelet, runtime, proxy, kindnet)

    def _dns_endpoint(self) -> Endpoint | None:
        """The cluster DNS's address, as network policies see it: the CoreDNS pods it
        stands for (kube-system's, `k8s-app: kube-dns`)."""
        host = self._control_plane_node()
        if host is None:
            return None
        return Endpoint(
            host.internal_ip,
            dns_addon.NAMESPACE,
            dns_addon.POD_LABELS,
            dns_addon.PORTS,
            dns_addon.NAME,
        )

    # -- inputs -------------------------------------------------------------------------

    def handle(self, request: Request, at: int | None = None) -> Response:
        """Serve an API request at virtual time `at` (default: now), then let the cluster react
        until nothing more is due at that time (or its step budget is spent)."""
        if at is not None:
            self.advance_to(at)
        response = self.apiserver.handle(request)
        self.advance_to(self.clock.now)
        return response

    def advance_to(self, when: int) -> None:
        """Run what falls due until `when`, at most `step_budget` timers: a cluster with more
        to do than that (a Deployment scaled to millions) falls behind `when`, and catches up
        over its next inputs, while the host serves other clusters in between."""
        self.clock.advance_to(when, self.step_budget)

    def step(self) -> bool:
        return self.clock.step()

    def run_until_idle(self, max_steps: int = 1_000_000) -> int:
        return self.clock.run_until_idle(max_steps)

    @property
    def components(self) -> list[dict[str, str | None]]:
        """Every component the trace may name, for drawing the architecture."""
        control_plane = [
            "authentication",
            "authorization",
            "admission",
            "kube-apiserver",
            "etcd",
            SCHEDULER,
            CONTROLLER_MANAGER,
            CoreDNS.name,
            LocalPathProvisioner.name,
        ]
        found: list[dict[str, str | None]] = [
            {"id": "kubectl", "role": "client", "node": None, "label": "kubectl"}
        ]
        found += [
            {"id": c, "role": "control-plane", "node": None, "label": c} for c in control_plane
        ]
        for name in self.nodes:
            for part in ("kubelet", "container-runtime", "kube-proxy", "kindnet"):
                found.append({"id": f"{part}/{name}", "role": "node", "node": name, "label": part})
        return found
