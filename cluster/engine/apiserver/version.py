"""The release the simulated kube-apiserver says it is (version.Info, GET /version): v1.37.1,
with that release build's commit and toolchain, which its kubectl reports too."""

from __future__ import annotations

from cluster.engine.node.nodestatus import KUBELET_VERSION

GIT_COMMIT = "f78e722310e50bcaca9276be22276d9e91d91308"
BUILD_DATE = "2026-09-23T17:10:04Z"
GO_VERSION = "go1.26.8"


def build() -> dict[str, str]:
    """The fields every component of the release reports (kubectl's clientVersion)."""
    major, minor = KUBELET_VERSION.removeprefix("v").split(".")[:2]
    return {
        "major": major,
        "minor": minor,
        "gitVersion": KUBELET_VERSION,
        "gitCommit": GIT_COMMIT,
        "gitTreeState": "clean",
        "buildDate": BUILD_DATE,
        "goVersion": GO_VERSION,
        "compiler": "gc",
        "platform": "linux/amd64",
    }


def info() -> dict[str, str]:
    """kube-apiserver's, with the versions it emulates and stays compatible with."""
    fields = build()
    major, minor = fields["major"], fields["minor"]
    compatibility = {
        "emulationMajor": major,
        "emulationMinor": minor,
        "minCompatibilityMajor": major,
        "minCompatibilityMinor": str(int(minor) - 1),
    }
    return {"major": major, "minor": minor, **compatibility, **fields}
