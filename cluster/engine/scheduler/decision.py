"""A scheduling decision and its explanation: for every node the scheduler looked at, the first
filter that rejected it and why, or each score plugin's normalized score and the weighted
total; and, when no node fits, FitError's message (framework/types.go) with DefaultPreemption's
verdict appended, as the pod's condition and its FailedScheduling event carry it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.scheduler.framework import NodeToStatus, Status
from cluster.engine.scheduler.runtime import PluginScores

NO_NODE_AVAILABLE = "0/{} nodes are available:"
ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods"


def fit_error_message(
    nodes: int, diagnosis: NodeToStatus, pre_filter: str = "", post_filter: str = ""
) -> str:
    """FitError.Error: "0/X nodes are available: <PreFilter>. <Filter>. <PostFilter>", the
    Filter part a sorted count of each reason over the nodes."""
    message = NO_NODE_AVAILABLE.format(nodes)
    if pre_filter:
        message += f" {pre_filter}."
    else:
        counts = Counter(r for s in diagnosis.statuses.values() for r in s.reasons)
        absent = nodes - len(diagnosis.statuses)
        if absent > 0:
            for reason in diagnosis.absent.reasons:
                counts[reason] += absent
        if counts:
            message += " " + ", ".join(sorted(f"{n} {r}" for r, n in counts.items())) + "."
    if post_filter:
        message += f" {post_filter}"
    return message


@dataclass(slots=True)
class Decision:
    pod: str
    nodes: int = 0  # every node in the cluster
    node: str | None = None
    evaluated: int = 0  # nodes the filters looked at (percentageOfNodesToScore samples)
    diagnosis: NodeToStatus = field(default_factory=NodeToStatus)
    pre_filter: Status | None = None  # when PreFilter rejected the pod for every node
    skipped_filters: tuple[str, ...] = ()
    skipped_scores: tuple[str, ...] = ()
    feasible: list[str] = field(default_factory=list)
    plugin_scores: list[PluginScores] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    post_filter: Status | None = None
    nominated_node: str | None = None
    victims: list[str] = field(default_factory=list)
    error: str = ""  # a failure that is not a FitError (no nodes, a binding refused)

    @property
    def filtered(self) -> dict[str, Status]:
        """The rejected nodes and the first filter that rejected each."""
        return self.diagnosis.statuses

    @property
    def unschedulable_plugins(self) -> set[str]:
        statuses = [*self.filtered.values(), *([self.pre_filter] if self.pre_filter else [])]
        return {s.plugin for s in statuses if s.rejected and s.plugin}

    @property
    def scores(self) -> dict[str, dict[str, int]]:
        """Each feasible node's normalized score per plugin (before weights)."""
        return {
            node: {ps.plugin: ps.scores[i] for ps in self.plugin_scores}
            for i, node in enumerate(self.feasible)
            if self.plugin_scores
        }

    @property
    def total_scores(self) -> dict[str, int]:
        return dict(zip(self.feasible, self.totals, strict=False))

    def fit_error(self) -> str:
        return fit_error_message(
            self.nodes,
            self.diagnosis,
            self.pre_filter.message if self.pre_filter else "",
            self.post_filter.message if self.post_filter else "",
        )

    def message(self) -> str:
        return self.error or self.fit_error()

    def to_dict(self) -> dict[str, Any]:
        """The whole explanation as plain data, for the dashboard and the lessons."""
        scores = self.scores
        return {
            "pod": self.pod,
            "nodes": self.nodes,
            "evaluatedNodes": self.evaluated,
            "feasibleNodes": len(self.feasible),
            "node": self.node,
            "message": None if self.node else self.message(),
            "preFilter": self.pre_filter.to_dict() if self.pre_filter else None,
            "skipped": {"filter": list(self.skipped_filters), "score": list(self.skipped_scores)},
            "filtered": {name: s.to_dict() for name, s in self.filtered.items()},
            "weights": {ps.plugin: ps.weight for ps in self.plugin_scores},
            "scores": {
                node: {"plugins": scores.get(node, {}), "total": total}
                for node, total in self.total_scores.items()
            },
            "postFilter": self.post_filter.to_dict() if self.post_filter else None,
            "nominatedNode": self.nominated_node,
            "victims": list(self.victims),
        }
