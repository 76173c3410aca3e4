"""GET /version: the release the simulated kube-apiserver says it is, as the engine knows it."""

from __future__ import annotations

from cluster.engine.apiserver.version import info

__all__ = ["info"]
