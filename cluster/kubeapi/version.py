"""GET /version: the release the simulated kube-apiserver says it is (version.Info)."""

from __future__ import annotations

from cluster.engine.node.nodestatus import KUBELET_VERSION

# The v1.37.1 release build: the same commit and toolchain as that release's kubectl.
GIT_COMMIT = "f78e722310e50bcaca9276be22276d9e91d91308"
BUILD_DATE = "2026-09-23T17:10:04Z"
GO_VERSION = "go1.26.8"


def info() -> dict[str, str]:
    major, minor = KUBELET_VERSION.removeprefix("v").split(".")[:2]
    return {
        "major": major,
        "minor": minor,
        "emulationMajor": major,
        "emulationMinor": minor,
        "minCompatibilityMajor": major,
        "minCompatibilityMinor": str(int(minor) - 1),
        "gitVersion": KUBELET_VERSION,
        "gitCommit": GIT_COMMIT,
        "gitTreeState": "clean",
        "buildDate": BUILD_DATE,
        "goVersion": GO_VERSION,
        "compiler": "gc",
        "platform": "linux/amd64",
    }
