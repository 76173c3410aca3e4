import pytest

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.decision import Decision
from cluster.engine.scheduler.framework import NodeToStatus, Status
from cluster.engine.scheduler.runtime import PluginScores


def rejected(plugin, *reasons, code=framework.UNSCHEDULABLE):
    return Status(code, reasons, plugin)


def failed(nodes, statuses, pre_filter=None, post_filter=""):
    decision = Decision("default/p", nodes)
    decision.diagnosis.statuses.update(statuses)
    if pre_filter:
        decision.pre_filter = decision.diagnosis.absent = pre_filter
    if post_filter:
        decision.post_filter = Status(framework.UNSCHEDULABLE, (post_filter,))
    return decision


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        pytest.param(
            failed(
                3,
                {
                    "a": rejected("NodeResourcesFit", "Insufficient cpu", "Insufficient memory"),
                    "b": rejected("NodeResourcesFit", "Insufficient cpu"),
                    "c": rejected("TaintToleration", "node(s) had untolerated taint(s)"),
                },
            ),
            "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint(s), "
            "2 Insufficient cpu.",
            id="the reasons are counted over the nodes and sorted",
        ),
        pytest.param(
            failed(
                2,
                {},
                pre_filter=rejected("NodeAffinity", "pod affinity terms conflict"),
            ),
            "0/2 nodes are available: pod affinity terms conflict.",
            id="a PreFilter rejection is said once",
        ),
        pytest.param(
            failed(
                1,
                {"a": rejected("NodeResourcesFit", "Insufficient cpu")},
                post_filter="preemption: 0/1 nodes are available: 1 No preemption victims found "
                "for incoming pod.",
            ),
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 "
            "No preemption victims found for incoming pod.",
            id="the preemption verdict follows",
        ),
    ],
)
def test_the_fit_error_message(decision, message):
    assert decision.message() == message


def test_nodes_left_out_by_a_pre_filter_result_count_with_the_absent_reason():
    decision = failed(
        3, {"a": rejected("NodeAffinity", "node(s) didn't match Pod's node affinity/selector")}
    )
    decision.diagnosis.absent = Status(
        framework.UNRESOLVABLE, ("node(s) didn't satisfy plugin(s) [NodeAffinity]",)
    )
    assert decision.message() == (
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
        "2 node(s) didn't satisfy plugin(s) [NodeAffinity]."
    )


def test_the_explanation_is_plain_data():
    decision = Decision("default/web", 3, node="n2", evaluated=3)
    decision.diagnosis = NodeToStatus()
    decision.diagnosis.statuses["cp"] = rejected(
        "TaintToleration", "t", code=framework.UNRESOLVABLE
    )
    decision.feasible = ["n1", "n2"]
    decision.plugin_scores = [
        PluginScores("TaintToleration", 3, [100, 100]),
        PluginScores("NodeResourcesFit", 1, [50, 70]),
    ]
    decision.totals = [350, 370]
    assert decision.to_dict() == {
        "pod": "default/web",
        "nodes": 3,
        "evaluatedNodes": 3,
        "feasibleNodes": 2,
        "node": "n2",
        "message": None,
        "preFilter": None,
        "skipped": {"filter": [], "score": []},
        "filtered": {
            "cp": {
                "plugin": "TaintToleration",
                "code": "UnschedulableAndUnresolvable",
                "reasons": ["t"],
            }
        },
        "weights": {"TaintToleration": 3, "NodeResourcesFit": 1},
        "scores": {
            "n1": {"plugins": {"TaintToleration": 100, "NodeResourcesFit": 50}, "total": 350},
            "n2": {"plugins": {"TaintToleration": 100, "NodeResourcesFit": 70}, "total": 370},
        },
        "postFilter": None,
        "nominatedNode": None,
        "victims": [],
    }
