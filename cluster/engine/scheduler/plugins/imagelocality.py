"""ImageLocality: prefer nodes that already have the pod's images (from the node's
status.images, which the kubelet reports), the more so the bigger the images, and the less so
the more nodes have them (so that pods don't all heap onto the nodes that pulled first)."""

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import CycleState
from cluster.engine.scheduler.types import NodeInfo, PodInfo

MB = 1024 * 1024
MIN_THRESHOLD = 23 * MB
MAX_CONTAINER_THRESHOLD = 1000 * MB
SPREAD_KEY = "ImageLocality/spread"


def normalized_image_name(name: str) -> str:
    """An image without a tag is `:latest`, as node status names it."""
    if name.rfind(":") <= name.rfind("/"):
        name += ":latest"
    return name


def calculate_priority(sum_scores: int, containers: int) -> int:
    """Scale the summed image scores between 23 MB and 1000 MB per container onto 0..100."""
    max_threshold = MAX_CONTAINER_THRESHOLD * containers
    sum_scores = min(max(sum_scores, MIN_THRESHOLD), max_threshold)
    return (
        framework.MAX_NODE_SCORE * (sum_scores - MIN_THRESHOLD) // (max_threshold - MIN_THRESHOLD)
    )


class ImageLocality(framework.Plugin):
    name = "ImageLocality"

    def score(self, state: CycleState, pod: PodInfo, node: NodeInfo) -> int:
        return self.score_nodes(state, pod, [node])[0]

    def score_key(self, state: CycleState, pod: PodInfo) -> str:
        """A node's score depends on its images and on the pod's images' spread only."""
        return repr(self._spread(state, pod))

    def score_nodes(self, state: CycleState, pod: PodInfo, nodes: list[NodeInfo]) -> list[int]:
        spread, containers = self._spread(state, pod), len(pod.images)
        return [_node_score(n, spread, containers) if n.images else 0 for n in nodes]

    def _spread(self, state: CycleState, pod: PodInfo) -> list[tuple[str, float]]:
        """Each of the pod's images, with the share of all nodes that have it (once a cycle)."""
        spread = state.get(SPREAD_KEY)
        if spread is None:
            total = len(self.handle.node_infos()) if self.handle else 1
            spread = state[SPREAD_KEY] = [
                (name, self._num_nodes(name) / total)
                for name in map(normalized_image_name, pod.images)
            ]
        return spread

    def _num_nodes(self, image: str) -> int:
        return self.handle.image_num_nodes(image) if self.handle else 1


def _node_score(node: NodeInfo, spread: list[tuple[str, float]], containers: int) -> int:
    summed = 0
    for image, share in spread:
        size = node.images.get(image)
        if size is not None:
            summed += int(size * share)  # the size, scaled by the share of nodes with it
    # nothing summed scores 0 (the minimum threshold): no need to scale it
    return calculate_priority(summed, containers) if summed else 0
