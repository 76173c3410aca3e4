import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.noderesources import resource_allocation
from cluster.engine.scheduler.plugins.noderesources.balanced_allocation import BalancedAllocation
from cluster.engine.scheduler.plugins.noderesources.fit import Fit
from cluster.engine.scheduler.plugins.noderesources.resource_allocation import ScoringStrategy
from cluster.engine.scheduler.types import PodInfo
from tests.cluster.engine.scheduler.helpers import node, node_object, pod, pod_object, with_pods


def with_init(p, *containers):
    obj = pod_object(p)
    obj["spec"]["initContainers"] = list(containers)
    return obj


def container(cpu, sidecar=False):
    c = {"name": f"i{cpu}", "image": "busybox", "resources": {"requests": {"cpu": cpu}}}
    if sidecar:
        c["restartPolicy"] = "Always"
    return c


@pytest.mark.parametrize(
    ("p", "n", "reasons"),
    [
        pytest.param(pod(), node(), (), id="a pod without requests fits an empty node"),
        pytest.param(
            pod(cpu="500m"),
            with_pods(node(cpu="1"), pod("a", cpu="500m")),
            (),
            id="a request within what is left fits",
        ),
        pytest.param(
            pod(cpu="600m"),
            with_pods(node(cpu="1"), pod("a", cpu="500m")),
            ("Insufficient cpu",),
            id="a cpu request over what is left does not fit",
        ),
        pytest.param(
            pod(cpu="3", memory="5Gi"),
            node(),
            ("Insufficient cpu", "Insufficient memory"),
            id="cpu and memory both short give both reasons",
        ),
        pytest.param(
            pod(),
            with_pods(node(pods="1"), pod("a")),
            ("Too many pods",),
            id="a full node has too many pods",
        ),
        pytest.param(
            pod(extra={"ephemeral-storage": "30Gi"}),
            node(extra={"ephemeral-storage": "20Gi"}),
            ("Insufficient ephemeral-storage",),
            id="ephemeral storage counts",
        ),
        pytest.param(
            pod(extra={"example.com/gpu": "2"}),
            node(extra={"example.com/gpu": "1"}),
            ("Insufficient example.com/gpu",),
            id="an extended resource the node has too little of",
        ),
        pytest.param(
            pod(extra={"example.com/gpu": "1"}),
            node(),
            ("Insufficient example.com/gpu",),
            id="an extended resource the node doesn't have",
        ),
        pytest.param(
            PodInfo(with_init("p", container("2"))),
            node(cpu="1"),
            ("Insufficient cpu",),
            id="an init container bigger than the containers sets the request",
        ),
        pytest.param(
            PodInfo(with_init("p", container("600m", sidecar=True))),
            with_pods(node(cpu="1"), pod("a", cpu="500m")),
            ("Insufficient cpu",),
            id="a sidecar adds to the containers",
        ),
    ],
)
def test_fit_filter(p, n, reasons):
    plugin, state = Fit(), {}
    plugin.pre_filter(state, p, [n])
    status = plugin.filter(state, p, n)
    assert status.reasons == reasons
    assert status.code == (framework.UNSCHEDULABLE if reasons else framework.SUCCESS)
    assert plugin.filter_nodes(state, p, [n]) == [status]


def test_the_pod_overhead_is_part_of_the_request():
    obj = pod_object(cpu="500m")
    obj["spec"]["overhead"] = {"cpu": "600m"}
    assert PodInfo(obj).requests.milli_cpu == 1100


def score(plugin, p, *nodes):
    state = {}
    assert plugin.pre_score(state, p, list(nodes)).ok
    return plugin.score_nodes(state, p, list(nodes))


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        pytest.param(ScoringStrategy(), [75, 25], id="LeastAllocated prefers room left"),
        pytest.param(
            ScoringStrategy(resource_allocation.MOST_ALLOCATED),
            [25, 75],
            id="MostAllocated prefers nodes already in use",
        ),
        pytest.param(
            ScoringStrategy(
                resource_allocation.REQUESTED_TO_CAPACITY_RATIO, shape=((0, 0), (100, 10))
            ),
            [25, 75],
            id="RequestedToCapacityRatio follows its shape",
        ),
        pytest.param(
            ScoringStrategy(resources=(("cpu", 3), ("memory", 1))),
            [75, 12],
            id="resource weights weigh the mean",
        ),
    ],
)
def test_fit_scoring_strategies(strategy, expected):
    # empty: 1.5 of 2 cores, 3 of 4Gi left; busy: no core, 2Gi left
    empty, busy = node("empty"), with_pods(node("busy"), pod("a", cpu="1500m", memory="1Gi"))
    p = pod(cpu="500m", memory="1Gi")
    assert score(Fit(scoring_strategy=strategy), p, empty, busy) == expected


def test_a_container_without_requests_counts_as_100m_and_200mi_when_scoring():
    # 100m of 2 cores and 200Mi of 4Gi left free: (95 + 95) // 2
    assert score(Fit(), pod(), node()) == [95]


def test_a_single_node_is_scored_as_in_a_batch():
    plugin, p, n, state = Fit(), pod(cpu="500m"), node(), {}
    plugin.pre_score(state, p, [n])
    assert plugin.score(state, p, n) == plugin.score_nodes(state, p, [n])[0]


def test_balanced_allocation_prefers_cpu_and_memory_used_alike():
    balanced = with_pods(node("balanced"), pod("a", cpu="1", memory="2Gi"))
    lopsided = with_pods(node("lopsided"), pod("b", cpu="1", memory="200Mi"))
    # cpu 55% and memory 52% used, against cpu 55% and memory 7%
    assert score(BalancedAllocation(), pod(cpu="100m", memory="100Mi"), balanced, lopsided) == [
        98,
        76,
    ]


def test_balanced_allocation_skips_best_effort_pods():
    assert BalancedAllocation().pre_score({}, pod(), [node()]).code == framework.SKIP


@pytest.mark.parametrize(
    ("old", "new", "queue"),
    [
        pytest.param(None, node_object(cpu="4"), True, id="a node big enough is added"),
        pytest.param(None, node_object(cpu="1"), False, id="a node too small is added"),
        pytest.param(node_object(cpu="2"), node_object(cpu="4"), True, id="a node grows its cpu"),
        pytest.param(
            node_object(cpu="4", memory="1Gi"),
            node_object(cpu="4", memory="8Gi"),
            False,
            id="a node grows what the pod doesn't ask for",
        ),
    ],
)
def test_node_changes_worth_a_retry(old, new, queue):
    assert Fit().schedulable_after_node_change(pod(cpu="3"), old, new) is queue


def test_only_a_bound_or_nominated_pod_going_away_frees_room():
    plugin = Fit()
    assert plugin.schedulable_after_pod_event(pod(), pod_object("gone", node_name="n1"), None)
    assert not plugin.schedulable_after_pod_event(pod(), pod_object("pending"), None)
    nominated = pod_object("nominated") | {"status": {"nominatedNodeName": "n1"}}
    assert plugin.schedulable_after_pod_event(pod(), nominated, None)


def resized(cpu: str, memory: str = "1Gi", node_name: str = "n1", name: str = "other") -> dict:
    found = pod_object(name, cpu=cpu, memory=memory, node_name=node_name)
    found["metadata"] |= {"generation": 2, "uid": f"uid-{name}"}
    return found


@pytest.mark.parametrize(
    ("target", "old", "new", "queue"),
    [
        pytest.param(
            pod(cpu="1"), resized("2"), resized("1"), True, id="a bound pod gives cpu back"
        ),
        pytest.param(
            pod(memory="1Gi"),
            resized("2"),
            resized("1"),
            False,
            id="it gives back what is not asked",
        ),
        pytest.param(
            pod(cpu="1"),
            resized("2", node_name=""),
            resized("1", node_name=""),
            False,
            id="a pod not bound gives nothing back",
        ),
    ],
)
def test_a_pod_scaled_down_may_leave_room(target, old, new, queue):
    """isSchedulableAfterPodScaleDown."""
    assert Fit().schedulable_after_pod_event(target, old, new) is queue


def test_the_pod_itself_scaled_down_is_worth_a_retry():
    itself = resized("1", name="p")
    target = PodInfo(itself)
    assert Fit().schedulable_after_pod_event(target, resized("2", name="p"), itself)
