import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.plugins.nodeaffinity import NodeAffinity
from tests.cluster.engine.scheduler.helpers import (
    affinity_term,
    node,
    node_object,
    pod,
    preferred,
    required,
)

MISMATCH = ("node(s) didn't match Pod's node affinity/selector",)
SSD = {"disk": "ssd", "cores": "8"}


def run_filter(p, n):
    plugin, state = NodeAffinity(), {}
    _, status = plugin.pre_filter(state, p, [n])
    if status.code == framework.SKIP:
        return framework.OK
    return plugin.filter(state, p, n)


@pytest.mark.parametrize(
    ("p", "labels", "fits"),
    [
        pytest.param(pod(), {}, True, id="a pod without selector or affinity fits any node"),
        pytest.param(
            pod(node_selector={"disk": "ssd"}), SSD, True, id="a matching nodeSelector fits"
        ),
        pytest.param(
            pod(node_selector={"disk": "ssd", "zone": "a"}),
            SSD,
            False,
            id="every label of the nodeSelector must be there",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("disk", "In", "hdd", "ssd"))),
            SSD,
            True,
            id="In matches one of the values",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("disk", "NotIn", "ssd"))),
            SSD,
            False,
            id="NotIn refuses the listed values",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("gpu", "NotIn", "yes"))),
            SSD,
            True,
            id="NotIn accepts a node without the label",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("disk", "Exists"))),
            SSD,
            True,
            id="Exists wants the key",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("disk", "DoesNotExist"))),
            SSD,
            False,
            id="DoesNotExist refuses the key",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("cores", "Gt", "4"))),
            SSD,
            True,
            id="Gt compares the label as an integer",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("cores", "Lt", "8"))),
            SSD,
            False,
            id="Lt is strict",
        ),
        pytest.param(
            pod(affinity=required(affinity_term("disk", "Gt", "4"))),
            SSD,
            False,
            id="Gt never matches a value that isn't a number",
        ),
        pytest.param(
            pod(
                affinity=required(
                    affinity_term("disk", "In", "hdd"), affinity_term("cores", "In", "8")
                )
            ),
            SSD,
            True,
            id="the terms are ORed",
        ),
        pytest.param(
            pod(affinity=required({"matchExpressions": []})),
            SSD,
            False,
            id="an empty term matches no node",
        ),
        pytest.param(
            pod(
                node_selector={"disk": "ssd"},
                affinity=required(affinity_term("cores", "In", "4")),
            ),
            SSD,
            False,
            id="the nodeSelector and the affinity must both match",
        ),
    ],
)
def test_filter(p, labels, fits):
    status = run_filter(p, node("n1", labels=labels))
    assert (status.ok, status.reasons) == (fits, () if fits else MISMATCH)
    if not fits:
        assert (status.code, status.plugin) == (framework.UNRESOLVABLE, "NodeAffinity")


def test_a_pod_without_node_affinity_skips_the_filter():
    _, status = NodeAffinity().pre_filter({}, pod(), [])
    assert status.code == framework.SKIP


@pytest.mark.parametrize(
    ("terms", "names", "code"),
    [
        pytest.param(
            [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1"]}]}],
            {"n1"},
            framework.SUCCESS,
            id="a term naming a node narrows the nodes to filter",
        ),
        pytest.param(
            [
                {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1"]}]},
                affinity_term("disk", "Exists"),
            ],
            None,
            framework.SUCCESS,
            id="a term naming no node leaves every node",
        ),
        pytest.param(
            [
                {
                    "matchFields": [
                        {"key": "metadata.name", "operator": "In", "values": ["n1"]},
                        {"key": "metadata.name", "operator": "In", "values": ["n2"]},
                    ]
                }
            ],
            None,
            framework.UNRESOLVABLE,
            id="names that conflict leave no node",
        ),
    ],
)
def test_pre_filter_narrows_to_named_nodes(terms, names, code):
    result, status = NodeAffinity().pre_filter({}, pod(affinity=required(*terms)), [])
    assert status.code == code
    assert (result.node_names if result else None) == (None if names is None else frozenset(names))
    if code == framework.UNRESOLVABLE:
        assert status.reasons == ("pod affinity terms conflict",)


def test_match_fields_pick_the_node_by_name():
    p = pod(
        affinity=required(
            {"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["n1"]}]}
        )
    )
    assert not run_filter(p, node("n1")).ok
    assert run_filter(p, node("n2")).ok


def test_preferred_terms_add_their_weights_and_normalize_to_100():
    plugin, state = NodeAffinity(), {}
    p = pod(
        affinity=preferred(
            (5, affinity_term("disk", "In", "ssd")), (3, affinity_term("cores", "Exists"))
        )
    )
    nodes = [node("both", labels=SSD), node("cores", labels={"cores": "2"}), node("none")]
    assert plugin.pre_score(state, p, nodes).ok
    scores = plugin.score_nodes(state, p, nodes)
    assert scores == [8, 3, 0]
    plugin.normalize_score(state, p, nodes, scores)
    assert scores == [100, 37, 0]


def test_a_pod_without_preferences_skips_scoring():
    assert NodeAffinity().pre_score({}, pod(), []).code == framework.SKIP


@pytest.mark.parametrize(
    ("old", "new", "queue"),
    [
        pytest.param(
            None, node_object(labels={"disk": "ssd"}), True, id="a matching node is added"
        ),
        pytest.param(None, node_object(), False, id="a node that doesn't match is added"),
        pytest.param(
            node_object(), node_object(labels={"disk": "ssd"}), True, id="a node gains the label"
        ),
        pytest.param(
            node_object(labels={"disk": "ssd"}),
            node_object(labels={"disk": "ssd", "x": "y"}),
            False,
            id="a node that already matched changes",
        ),
    ],
)
def test_node_changes_worth_a_retry(old, new, queue):
    p = pod(node_selector={"disk": "ssd"})
    assert NodeAffinity().schedulable_after_node_change(p, old, new) is queue
