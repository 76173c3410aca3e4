"""The scheduler's cache (backend/cache): a NodeInfo per node with the pods bound or assumed to
it, the nodes in the order the filters walk them (zones interleaved, as nodeTree lists them),
and how many nodes hold each image."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.scheduler.types import LabelKey, NodeInfo, PodInfo

TOPOLOGY_ZONE = "topology.kubernetes.io/zone"
TOPOLOGY_REGION = "topology.kubernetes.io/region"
BETA_ZONE = "failure-domain.beta.kubernetes.io/zone"
BETA_REGION = "failure-domain.beta.kubernetes.io/region"


def zone_key(node: Object) -> str:
    """utilnode.GetZoneKey: region and zone, or "" for a node that has neither."""
    labels = node["metadata"].get("labels") or {}
    zone = labels.get(TOPOLOGY_ZONE, labels.get(BETA_ZONE, ""))
    region = labels.get(TOPOLOGY_REGION, labels.get(BETA_REGION, ""))
    return f"{region}:\x00:{zone}" if region or zone else ""


LabelSet = tuple[str, LabelKey]  # a namespace and a pod's labels, as NodeInfo.label_sets keys them
EQUALITY = (labels.IN, labels.EQUALS, labels.DOUBLE_EQUALS)


class LabelSets:
    """The label sets of the non-terminating pods on the nodes, indexed by namespace and by
    each label they hold, with the nodes that hold pods of each. PodTopologySpread counts a
    selector's pods on every node it scores, for every pod: asking each node for the few label
    sets that can match is much cheaper than walking every node's label sets, and counting a
    zone's pods is cheaper from the nodes that hold them than from every node. Kept by the
    cache, in step with its NodeInfos."""

    def __init__(self) -> None:
        self._nodes: dict[LabelSet, dict[str, int]] = {}  # label set -> node name -> pods
        self._by_namespace: dict[str, set[LabelSet]] = {}
        self._by_label: dict[tuple[str, str, str], set[LabelSet]] = {}  # (ns, key, value)

    @classmethod
    def of(cls, nodes: Iterable[NodeInfo]) -> LabelSets:
        """The index of these nodes' label sets."""
        index = cls()
        for node in nodes:
            for label_set, count in node.label_sets.items():
                index.add(label_set, node.name, count)
        return index

    def add(self, label_set: LabelSet, node: str, count: int) -> None:
        """`count` more pods (fewer, if negative) with this label set on `node`."""
        nodes = self._nodes.get(label_set)
        if nodes is None:
            nodes = self._nodes[label_set] = {}
            for key in self._keys(label_set):
                key.add(label_set)
        pods = nodes[node] = nodes.get(node, 0) + count
        if pods > 0:
            return
        del nodes[node]
        if not nodes:
            del self._nodes[label_set]
            for key in self._keys(label_set):
                key.discard(label_set)
            self._drop_empty(label_set)

    def nodes_with(self, label_set: LabelSet) -> dict[str, int]:
        """The nodes holding pods with this label set, and how many each holds."""
        return self._nodes.get(label_set, {})

    def _keys(self, label_set: LabelSet) -> list[set[LabelSet]]:
        namespace, pairs = label_set
        return [self._by_namespace.setdefault(namespace, set())] + [
            self._by_label.setdefault((namespace, k, v), set()) for k, v in pairs
        ]

    def _drop_empty(self, label_set: LabelSet) -> None:
        namespace, pairs = label_set
        if not self._by_namespace[namespace]:
            del self._by_namespace[namespace]
        for k, v in pairs:
            if not self._by_label[namespace, k, v]:
                del self._by_label[namespace, k, v]

    def candidates(self, namespace: str, selector: labels.Selector) -> set[LabelSet]:
        """The namespace's label sets that `selector` may match: those holding one of the
        values of its first In or = requirement (every one of them if it has none)."""
        for r in selector.requirements:
            if r.operator in EQUALITY:
                return set().union(
                    *(self._by_label.get((namespace, r.key, v), ()) for v in r.values)
                )
        return self._by_namespace.get(namespace, set())


class Cache:
    def __init__(self) -> None:
        self.nodes: dict[str, NodeInfo] = {}
        self._zones: dict[str, list[str]] = {}  # zone key -> node names, in arrival order
        self._zone_of: dict[str, str] = {}
        self._list: list[NodeInfo] | None = None
        self._pod_nodes: dict[str, str] = {}  # pod key -> node name
        self._assumed: set[str] = set()
        self._images: Counter[str] = Counter()  # image name -> nodes that have it
        self._label_keys: Counter[str] = Counter()  # label key -> listed nodes that have it
        self.label_sets = LabelSets()
        # node name -> its pods with pod (anti-)affinity, and with required anti-affinity
        self._with_affinity: Counter[str] = Counter()
        self._with_required_anti: Counter[str] = Counter()

    # -- nodes ----------------------------------------------------------------------------

    def add_node(self, node: Object) -> NodeInfo:
        """AddNode and UpdateNode: set the node on its NodeInfo, creating it if need be."""
        name = node["metadata"]["name"]
        info = self.nodes.get(name)
        if info is None:
            info = self.nodes[name] = NodeInfo(name=name)
        if info.node is not None:
            self._images.subtract(info.images.keys())
            self._label_keys.subtract(info.labels.keys())
        info.set_node(node)
        self._images.update(info.images.keys())
        self._label_keys.update(info.labels.keys())
        zone = zone_key(node)
        if self._zone_of.get(name) != zone:
            self._remove_from_tree(name)
            self._zones.setdefault(zone, []).append(name)
            self._zone_of[name] = zone
            self._list = None
        return info

    def remove_node(self, name: str) -> None:
        """RemoveNode: the NodeInfo stays, without its node, while pods still name it."""
        info = self.nodes.get(name)
        if info is None:
            return
        if info.node is not None:
            self._images.subtract(info.images.keys())
            self._label_keys.subtract(info.labels.keys())
        info.unset_node()
        if not info.pods:
            del self.nodes[name]
        self._remove_from_tree(name)

    def _remove_from_tree(self, name: str) -> None:
        zone = self._zone_of.pop(name, None)
        if zone is None:
            return
        names = self._zones[zone]
        names.remove(name)
        if not names:
            del self._zones[zone]
        self._list = None

    def node_list(self) -> list[NodeInfo]:
        """nodeTree.list: one node from each zone in turn, zones in the order they appeared."""
        if self._list is None:
            zones = list(self._zones.values())
            depth = max((len(names) for names in zones), default=0)
            self._list = [
                self.nodes[names[i]] for i in range(depth) for names in zones if i < len(names)
            ]
        return self._list

    def image_num_nodes(self, image: str) -> int:
        return self._images[image]

    def nodes_labelled(self, key: str) -> int:
        """How many of the listed nodes have a label with this key."""
        return self._label_keys[key]

    def have_pods_with_affinity(self, required_anti: bool = False) -> list[NodeInfo]:
        """HavePodsWithAffinityList (or HavePodsWithRequiredAntiAffinityList): the listed
        nodes with pods that have pod affinity or anti-affinity (required anti-affinity)."""
        names = self._with_required_anti if required_anti else self._with_affinity
        found = (self.nodes.get(name) for name in names)
        return [info for info in found if info is not None and info.node is not None]

    def _count_affinity(self, info: PodInfo, node: str, sign: int) -> None:
        if info.affinity is None:
            return
        counters = [self._with_affinity]
        if info.affinity.required_anti:
            counters.append(self._with_required_anti)
        for counter in counters:
            counter[node] += sign
            if counter[node] <= 0:
                del counter[node]

    # -- pods -----------------------------------------------------------------------------

    def add_pod(self, info: PodInfo) -> None:
        """AddPod and UpdatePod: a bound pod (perhaps one we assumed) on its node."""
        self.remove_pod(info.key)
        self._assumed.discard(info.key)
        self._place(info, info.node_name)

    def remove_pod(self, key: str) -> None:
        name = self._pod_nodes.pop(key, None)
        if name is None:
            return
        self._assumed.discard(key)
        info = self.nodes[name]
        removed = info.remove_pod(key)
        if removed is not None:
            self._count_affinity(removed, name, -1)
            if not removed.terminating:
                self.label_sets.add((removed.namespace, removed.label_key), name, -1)
        if info.node is None and not info.pods:
            del self.nodes[name]

    def assume_pod(self, info: PodInfo, node: str) -> None:
        """AssumePod: count the pod on its chosen node before the binding is confirmed."""
        self.remove_pod(info.key)
        self._place(info, node)
        self._assumed.add(info.key)

    def forget_pod(self, key: str) -> None:
        """ForgetPod: the binding failed; the pod no longer takes room on the node."""
        if key in self._assumed:
            self.remove_pod(key)

    def pod_info(self, key: str) -> PodInfo | None:
        name = self._pod_nodes.get(key)
        return self.nodes[name].pods.get(key) if name is not None else None

    def is_assumed(self, key: str) -> bool:
        return key in self._assumed

    def _place(self, info: PodInfo, node: str) -> None:
        target = self.nodes.get(node)
        if target is None:
            target = self.nodes[node] = NodeInfo(name=node)
        target.add_pod(info)
        self._pod_nodes[info.key] = node
        self._count_affinity(info, node, 1)
        if not info.terminating:
            self.label_sets.add((info.namespace, info.label_key), node, 1)
