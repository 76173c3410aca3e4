import random

from cluster.engine.clock import Clock
from cluster.engine.scheduler.cache import Cache
from cluster.engine.scheduler.framework import Plugin
from cluster.engine.scheduler.queue import Nominator
from cluster.engine.scheduler.runtime import Framework
from tests.cluster.engine.scheduler.helpers import node, pod


class PodCount(Plugin):
    """Scores a node by its pods, and remembers which nodes it was asked about."""

    name = "PodCount"

    def __init__(self, handle=None) -> None:
        super().__init__(handle)
        self.asked: list[list[str]] = []

    def score_key(self, state, pod):
        return "any pod"

    def score(self, state, pod, node):
        return len(node.pods)

    def score_nodes(self, state, pod, nodes):
        self.asked.append([n.name for n in nodes])
        return [self.score(state, pod, n) for n in nodes]


def framework(*plugins: type[Plugin]) -> Framework:
    plugins = plugins or (PodCount,)
    return Framework(
        {plugin.name: plugin for plugin in plugins},
        tuple((plugin.name, 1) for plugin in plugins),
        Clock(),
        random.Random(0),
        Cache(),
        Nominator(),
        None,
        None,
        {},
        "default-scheduler",
    )


def test_a_keyed_score_is_kept_on_each_node_and_asked_again_only_of_nodes_that_changed():
    fw = framework()
    plugin = fw.plugins[0]
    nodes = [node("n1"), node("n2"), node("n3")]
    first, _ = fw.run_score({}, pod(), nodes)
    nodes[1].add_pod(pod("a", node_name="n2"))
    second, _ = fw.run_score({}, pod(), nodes)
    assert [first[0].scores, second[0].scores] == [[0, 0, 0], [0, 1, 0]]
    assert plugin.asked == [["n1", "n2", "n3"], ["n2"]]
    fw.run_score({}, pod(), nodes)
    assert len(plugin.asked) == 2


class ByLabel(PodCount):
    """Scores a node 1 if it has the label the cycle names (its key), else 0."""

    name = "ByLabel"

    def score_key(self, state, pod):
        return state["label"]

    def score(self, state, pod, node):
        return int(state["label"] in node.labels)


def test_the_keyed_scores_are_kept_together_and_another_key_asks_every_plugin_again():
    fw = framework(PodCount, ByLabel)
    nodes = [node("n1", labels={"disk": "ssd"}), node("n2")]
    results, _ = fw.run_score({"label": "disk"}, pod(), nodes)
    assert [r.scores for r in results] == [[0, 0], [1, 0]]
    fw.run_score({"label": "disk"}, pod(), nodes)
    results, _ = fw.run_score({"label": "gpu"}, pod(), nodes)
    assert [r.scores for r in results] == [[0, 0], [0, 0]]
    fw.run_score({"label": "disk"}, pod(), nodes)  # only the last scores are kept
    assert [p.asked for p in fw.plugins] == [[["n1", "n2"]] * 3] * 2


def service(name: str, namespace: str = "default") -> dict:
    return {"metadata": {"name": name, "namespace": namespace}, "spec": {"selector": {"app": name}}}


def test_listers_list_a_namespace_s_objects_in_the_informer_s_order_from_their_index():
    fw = framework()
    for obj in (service("b"), service("a"), service("c", "other")):
        fw.lister_changed("services", "ADDED", obj)
    fw.lister_changed("services", "MODIFIED", {**service("b"), "spec": {}})
    fw.lister_changed("services", "DELETED", service("a"))
    fw.lister_changed("services", "ADDED", service("a"))
    listed = fw.list_objects("services", "default")
    assert [(s["metadata"]["name"], s["spec"]) for s in listed] == [
        ("b", {}),
        ("a", {"selector": {"app": "a"}}),
    ]
    assert fw.list_objects("services", "empty") == fw.list_objects("statefulsets", "default") == []
