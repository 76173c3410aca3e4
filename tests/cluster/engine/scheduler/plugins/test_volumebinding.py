import pytest

from cluster.engine.api.meta import namespaced_name
from cluster.engine.clock import Clock
from cluster.engine.scheduler import clusterevents, framework
from cluster.engine.scheduler.plugins.volumebinding import (
    BIND_TIMEOUT_MS,
    UNBOUND_IMMEDIATE,
    VolumeBinding,
)
from cluster.engine.scheduler.plugins.volumebinding.binder import (
    ERR_REASON_BIND_CONFLICT,
    ERR_REASON_NODE_CONFLICT,
    ERR_REASON_PV_NOT_EXIST,
)
from cluster.engine.scheduler.runtime import Framework
from cluster.engine.scheduler.types import PodInfo
from tests.cluster.engine.scheduler.helpers import node, pod, pod_object

HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
NOT_SUPPORTED = "kubernetes.io/no-provisioner"
WAIT = "WaitForFirstConsumer"


class FakeInformer:
    """An informer's cache, as listers read it."""

    def __init__(self, objects):
        self.cache = {namespaced_name(o): o for o in objects}

    def get(self, key):
        return self.cache.get(key)

    def put(self, obj):
        self.cache[namespaced_name(obj)] = obj


class FakeClient:
    """Updates as kube-apiserver answers them (a new resourceVersion), kept in order."""

    def __init__(self, handle):
        self.handle = handle
        self.updates = []

    def call(self, verb, resource, namespace, name, body):
        written = {**body, "metadata": {**body["metadata"], "resourceVersion": "100"}}
        self.updates.append((verb, resource, namespace, name, written))
        return written


class Handle:
    """What VolumeBinding asks of the framework: listers, the nodes and pods, the client
    and the clock."""

    def __init__(self, claims=(), volumes=(), classes=(), nodes=(), pods=()):
        self.informers = {
            "persistentvolumeclaims": FakeInformer(claims),
            "persistentvolumes": FakeInformer(volumes),
            "storageclasses": FakeInformer(classes),
        }
        self.nodes = {n.name: n for n in nodes}
        self.pods = {namespaced_name(p): p for p in pods}
        self.client = FakeClient(self)
        self.clock = Clock()

    get_object = Framework.get_object

    def get_pod(self, key):
        return self.pods.get(key)

    def node_info(self, name):
        return self.nodes.get(name)


def claim(name="data", *, cls=None, volume="", phase="Pending", size="1Gi", **meta):
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}
    if cls is not None:
        spec["storageClassName"] = cls
    if volume:
        spec["volumeName"] = volume
    metadata = {"name": name, "namespace": "default", "uid": f"uid-{name}"}
    metadata.update(resourceVersion="7", **meta)
    return {"metadata": metadata, "spec": spec, "status": {"phase": phase}}


def bound(name="data", volume="pv", cls="manual"):
    annotations = {"pv.kubernetes.io/bind-completed": "yes"}
    return claim(name, cls=cls, volume=volume, phase="Bound", annotations=annotations)


def pv(name="pv", *, cls="manual", size="1Gi", on=None, phase="Available", ref=None, **spec):
    volume = {
        "metadata": {"name": name, "resourceVersion": "5"},
        "spec": {
            "storageClassName": cls,
            "capacity": {"storage": size},
            "accessModes": ["ReadWriteOnce"],
            "hostPath": {"path": f"/mnt/{name}"},
            **spec,
        },
        "status": {"phase": phase},
    }
    if on is not None:
        term = {"matchExpressions": [{"key": HOSTNAME, "operator": "In", "values": [on]}]}
        volume["spec"]["nodeAffinity"] = {"required": {"nodeSelectorTerms": [term]}}
    if ref is not None:
        volume["spec"]["claimRef"] = {"namespace": "default", "name": ref, "uid": f"uid-{ref}"}
    return volume


def storage_class(name="manual", mode="Immediate", provisioner=NOT_SUPPORTED, **fields):
    return {
        "metadata": {"name": name},
        "provisioner": provisioner,
        "volumeBindingMode": mode,
        **fields,
    }


def with_claims(*names, name="p"):
    body = pod_object(name)
    body["spec"]["volumes"] = [
        {"name": f"v{i}", "persistentVolumeClaim": {"claimName": c}} for i, c in enumerate(names)
    ]
    return PodInfo(body)


LATE = storage_class(mode=WAIT)
NODES = [node("a", labels={ZONE: "z1"}), node("b", labels={ZONE: "z2"})]


def pre_filter(p, handle, plugin=None):
    plugin, state = plugin or VolumeBinding(handle), {}
    _, status = plugin.pre_filter(state, p, NODES)
    return plugin, state, status


@pytest.mark.parametrize(
    ("p", "objects", "code", "reasons"),
    [
        pytest.param(pod(), {}, framework.SKIP, (), id="a pod without claims skips the plugin"),
        pytest.param(
            with_claims("data"),
            {},
            framework.UNRESOLVABLE,
            ('persistentvolumeclaim "data" not found',),
            id="a claim that does not exist keeps the pod off every node",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [claim(deletionTimestamp="2026-01-01T00:00:00Z")]},
            framework.UNRESOLVABLE,
            ('persistentvolumeclaim "data" is being deleted',),
            id="so does a claim being deleted",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [claim(volume="gone", phase="Lost")]},
            framework.UNRESOLVABLE,
            ('persistentvolumeclaim "data" bound to non-existent persistentvolume "gone"',),
            id="and a claim that lost its volume",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [claim(cls="manual")], "classes": [storage_class()]},
            framework.UNRESOLVABLE,
            (UNBOUND_IMMEDIATE,),
            id="an unbound claim of an Immediate class should have been bound already",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [claim()]},
            framework.UNRESOLVABLE,
            (UNBOUND_IMMEDIATE,),
            id="so should one that names no class",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [claim(cls="manual")]},
            framework.UNRESOLVABLE,
            (UNBOUND_IMMEDIATE,),
            id="and one whose class does not exist",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [claim(cls="manual", volume="pv")], "classes": [LATE]},
            framework.UNRESOLVABLE,
            (UNBOUND_IMMEDIATE,),
            id="a claim pre-bound to a volume waits for the PV controller, whatever its class",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [bound()], "volumes": [pv(ref="data", phase="Bound")]},
            framework.SUCCESS,
            (),
            id="a bound claim is fine",
        ),
        pytest.param(
            with_claims("data"),
            {"claims": [claim(cls="manual")], "classes": [LATE]},
            framework.SUCCESS,
            (),
            id="an unbound claim waiting for its first consumer is bound by the scheduler",
        ),
    ],
)
def test_pre_filter(p, objects, code, reasons):
    _, _, status = pre_filter(p, Handle(**objects))
    assert (status.code, status.reasons) == (code, reasons)


def filter_all(p, handle, plugin=None):
    plugin, state, status = pre_filter(p, handle, plugin)
    assert status.ok
    return [plugin.filter(state, p, n) for n in NODES]


@pytest.mark.parametrize(
    ("objects", "reasons"),
    [
        pytest.param(
            {"claims": [bound()], "volumes": [pv(ref="data", phase="Bound")]},
            [(), ()],
            id="a bound volume without node affinity goes anywhere",
        ),
        pytest.param(
            {"claims": [bound()], "volumes": [pv(ref="data", phase="Bound", on="a")]},
            [(), (ERR_REASON_NODE_CONFLICT,)],
            id="a bound volume goes only where its node affinity admits",
        ),
        pytest.param(
            {"claims": [bound()]},
            [(ERR_REASON_PV_NOT_EXIST,), (ERR_REASON_PV_NOT_EXIST,)],
            id="a claim bound to a volume that is gone fits no node",
        ),
        pytest.param(
            {"claims": [claim(cls="manual")], "classes": [LATE], "volumes": [pv(on="b")]},
            [(ERR_REASON_BIND_CONFLICT,), ()],
            id="a waiting claim goes where an available volume's node affinity admits",
        ),
        pytest.param(
            {"claims": [claim(cls="manual", size="2Gi")], "classes": [LATE], "volumes": [pv()]},
            [(ERR_REASON_BIND_CONFLICT,)] * 2,
            id="a volume smaller than the request won't do",
        ),
        pytest.param(
            {"claims": [claim(cls="manual")], "classes": [LATE], "volumes": [pv(cls="fast")]},
            [(ERR_REASON_BIND_CONFLICT,)] * 2,
            id="nor a volume of another class",
        ),
        pytest.param(
            {"claims": [claim(cls="manual")], "classes": [LATE], "volumes": [pv(ref="other")]},
            [(ERR_REASON_BIND_CONFLICT,)] * 2,
            id="nor one bound to another claim",
        ),
        pytest.param(
            {
                "claims": [claim(cls="manual")],
                "classes": [LATE],
                "volumes": [pv(accessModes=["ReadOnlyMany"])],
            },
            [(ERR_REASON_BIND_CONFLICT,)] * 2,
            id="nor one without the access modes the claim asks for",
        ),
        pytest.param(
            {"claims": [claim(cls="manual")], "classes": [LATE], "volumes": [pv(phase="Pending")]},
            [(ERR_REASON_BIND_CONFLICT,)] * 2,
            id="nor one the PV controller has not made available yet",
        ),
        pytest.param(
            {
                "claims": [claim(cls="manual")],
                "classes": [storage_class(mode=WAIT, provisioner="example.com/disk")],
            },
            [(), ()],
            id="with no volume, a class with a provisioner may provision one on any node",
        ),
        pytest.param(
            {
                "claims": [claim(cls="manual")],
                "classes": [
                    storage_class(
                        mode=WAIT,
                        provisioner="example.com/disk",
                        allowedTopologies=[
                            {"matchLabelExpressions": [{"key": ZONE, "values": ["z2"]}]}
                        ],
                    )
                ],
            },
            [(ERR_REASON_BIND_CONFLICT,), ()],
            id="but only on the nodes of its allowed topologies",
        ),
        pytest.param(
            {
                "claims": [
                    claim(
                        cls="manual",
                        annotations={"volume.kubernetes.io/selected-node": "b"},
                    )
                ],
                "classes": [storage_class(mode=WAIT, provisioner="example.com/disk")],
            },
            [(ERR_REASON_BIND_CONFLICT,), ()],
            id="a claim being provisioned for a node keeps the pod to that node",
        ),
        pytest.param(
            {
                "claims": [bound("old", volume="pv1"), claim("new", cls="manual")],
                "classes": [LATE],
                "volumes": [pv("pv1", ref="old", phase="Bound", on="a"), pv("pv2", on="b")],
            },
            [(ERR_REASON_BIND_CONFLICT,), (ERR_REASON_NODE_CONFLICT,)],
            id="bound and waiting claims must both fit the node",
        ),
    ],
)
def test_filter(objects, reasons):
    names = [c["metadata"]["name"] for c in objects["claims"]]
    statuses = filter_all(with_claims(*names), Handle(**objects, nodes=NODES))
    assert [s.reasons for s in statuses] == reasons
    assert {s.code for s in statuses if not s.ok} <= {framework.UNRESOLVABLE}


def test_each_waiting_claim_takes_the_smallest_volume_that_fits_and_no_two_take_the_same():
    volumes = [pv("big", size="10Gi"), pv("small", size="1Gi"), pv("mid", size="5Gi")]
    handle = Handle(
        claims=[claim("a", cls="manual", size="2Gi"), claim("b", cls="manual", size="1Gi")],
        classes=[LATE],
        volumes=volumes,
    )
    p = with_claims("a", "b")
    plugin, state, _ = pre_filter(p, handle)
    assert plugin.filter(state, p, NODES[0]).ok
    chosen = state["VolumeBinding"].by_node["a"].static_bindings
    assert [(b.claim["metadata"]["name"], b.volume["metadata"]["name"]) for b in chosen] == [
        ("b", "small"),
        ("a", "mid"),
    ]


def schedule_on(p, handle, node_name):
    """PreFilter and Filter, then Reserve and PreBindPreFlight on the chosen node."""
    plugin, state, status = pre_filter(p, handle)
    assert status.ok
    assert plugin.filter(state, p, handle.nodes[node_name]).ok
    assert plugin.reserve(state, p, node_name).ok
    return plugin, state


def pre_bind(plugin, state, p, node_name):
    verdicts = []
    plugin.pre_bind(state, p, node_name, verdicts.append)
    return verdicts


def test_reserve_assumes_the_volume_bound_so_the_next_pod_does_not_choose_it():
    handle = Handle(
        claims=[claim("a", cls="manual"), claim("b", cls="manual")],
        classes=[LATE],
        volumes=[pv()],
        nodes=NODES,
    )
    plugin, _ = schedule_on(with_claims("a", name="first"), handle, "a")
    statuses = filter_all(with_claims("b", name="second"), handle, plugin)
    assert [s.reasons for s in statuses] == [(ERR_REASON_BIND_CONFLICT,)] * 2


def test_unreserve_gives_the_volume_back():
    handle = Handle(
        claims=[claim("a", cls="manual"), claim("b", cls="manual")],
        classes=[LATE],
        volumes=[pv()],
        nodes=NODES,
    )
    first = with_claims("a", name="first")
    plugin, state = schedule_on(first, handle, "a")
    plugin.unreserve(state, first, "a")
    statuses = filter_all(with_claims("b", name="second"), handle, plugin)
    assert [s.reasons for s in statuses] == [(), ()]


def test_prebind_writes_the_claimref_then_waits_for_the_pv_controller_to_bind():
    p = with_claims("data")
    handle = Handle(
        claims=[claim(cls="manual")], classes=[LATE], volumes=[pv()], nodes=NODES, pods=[p.pod]
    )
    plugin, state = schedule_on(p, handle, "a")
    assert plugin.pre_bind_pre_flight(state, p, "a").ok
    verdicts = pre_bind(plugin, state, p, "a")
    [(verb, resource, namespace, name, written)] = handle.client.updates
    assert (verb, resource, namespace, name) == ("update", "persistentvolumes", "", "pv")
    assert written["spec"]["claimRef"] == {
        "kind": "PersistentVolumeClaim",
        "namespace": "default",
        "name": "data",
        "uid": "uid-data",
        "apiVersion": "v1",
        "resourceVersion": "7",
    }
    assert written["metadata"]["annotations"] == {"pv.kubernetes.io/bound-by-controller": "yes"}
    handle.clock.advance_to(3_000)
    assert verdicts == []  # the informer has not even seen the update
    handle.informers["persistentvolumes"].put(written)
    handle.informers["persistentvolumeclaims"].put(bound(volume="pv"))
    handle.clock.advance_to(3_999)
    assert verdicts == []  # looked at once a second
    handle.clock.advance_to(4_000)
    assert verdicts == [framework.OK]


def test_prebind_gives_up_after_the_bind_timeout():
    p = with_claims("data")
    handle = Handle(
        claims=[claim(cls="manual")], classes=[LATE], volumes=[pv()], nodes=NODES, pods=[p.pod]
    )
    plugin, state = schedule_on(p, handle, "a")
    verdicts = pre_bind(plugin, state, p, "a")
    handle.clock.advance_to(BIND_TIMEOUT_MS - 1)
    assert verdicts == []
    handle.clock.advance_to(BIND_TIMEOUT_MS)
    assert [v.message for v in verdicts] == ["binding volumes: context deadline exceeded"]


def test_prebind_fails_when_the_pod_is_gone():
    p = with_claims("data")
    handle = Handle(claims=[claim(cls="manual")], classes=[LATE], volumes=[pv()], nodes=NODES)
    plugin, state = schedule_on(p, handle, "a")
    verdicts = pre_bind(plugin, state, p, "a")
    handle.clock.advance_to(1_000)
    assert [v.message for v in verdicts] == [
        'binding volumes: pod does not exist any more: pod "p" not found'
    ]


def test_prebind_selects_the_node_for_a_claim_to_provision():
    p = with_claims("data")
    handle = Handle(
        claims=[claim(cls="fast")],
        classes=[storage_class("fast", mode=WAIT, provisioner="example.com/disk")],
        nodes=NODES,
        pods=[p.pod],
    )
    plugin, state = schedule_on(p, handle, "b")
    pre_bind(plugin, state, p, "b")
    [(_, resource, namespace, name, written)] = handle.client.updates
    assert (resource, namespace, name) == ("persistentvolumeclaims", "default", "data")
    assert written["metadata"]["annotations"] == {"volume.kubernetes.io/selected-node": "b"}


def test_a_pod_whose_claims_are_all_bound_has_nothing_to_prebind():
    p = with_claims("data")
    handle = Handle(claims=[bound()], volumes=[pv(ref="data", phase="Bound")], nodes=NODES)
    plugin, state = schedule_on(p, handle, "a")
    assert plugin.pre_bind_pre_flight(state, p, "a").code == framework.SKIP
    assert plugin.pre_bind_pre_flight({}, pod(), "a").code == framework.SKIP


@pytest.mark.parametrize(
    ("changed", "queue"),
    [
        pytest.param(claim("data"), True, id="the pod's claim"),
        pytest.param(claim("other"), False, id="another claim"),
        pytest.param(
            {**claim("data"), "metadata": {"name": "data", "namespace": "prod"}},
            False,
            id="a claim of that name in another namespace",
        ),
    ],
)
def test_a_claim_change_requeues_only_the_pods_that_use_it(changed, queue):
    plugin = VolumeBinding(Handle())
    assert plugin.schedulable_after_claim_change(with_claims("data"), None, changed) is queue


@pytest.mark.parametrize(
    ("old", "new", "queue"),
    [
        pytest.param(None, LATE, True, id="a new class"),
        pytest.param(
            LATE,
            {**LATE, "allowedTopologies": [{"matchLabelExpressions": []}]},
            True,
            id="a class whose allowed topologies changed",
        ),
        pytest.param(LATE, {**LATE, "parameters": {"a": "b"}}, False, id="any other change"),
    ],
)
def test_storage_class_changes_that_requeue(old, new, queue):
    plugin = VolumeBinding(Handle())
    assert plugin.schedulable_after_storage_class_change(pod(), old, new) is queue


def test_the_events_that_may_help_a_pod_it_rejected():
    plugin = VolumeBinding(Handle())
    events = {(e.resource, e.action): hint for e, hint in plugin.events_to_register()}
    added_or_updated = clusterevents.ADD | clusterevents.UPDATE
    assert events == {
        (clusterevents.STORAGE_CLASS, added_or_updated): "schedulable_after_storage_class_change",
        (clusterevents.PERSISTENT_VOLUME_CLAIM, added_or_updated): (
            "schedulable_after_claim_change"
        ),
        (clusterevents.PERSISTENT_VOLUME, added_or_updated): "",
        (clusterevents.NODE, clusterevents.ADD | clusterevents.UPDATE_NODE_LABEL): "",
    }
