"""The images the simulated registry knows: their sizes, digests and how they behave."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

PULL_BYTES_PER_MS = 25_000  # about 25 MB/s from the registry


@dataclass(frozen=True, slots=True)
class Image:
    repository: str  # docker.io/library/nginx
    size_mb: int
    start_ms: int = 100  # from StartContainer until the process is up
    logs: tuple[str, ...] = ()


_KNOWN = {
    "nginx": Image(
        "docker.io/library/nginx",
        72,
        150,
        (
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
            "configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
        ),
    ),
    "httpd": Image("docker.io/library/httpd", 58, 150),
    "redis": Image("docker.io/library/redis", 45, 120),
    "busybox": Image("docker.io/library/busybox", 2, 50),
    "alpine": Image("docker.io/library/alpine", 4, 50),
    "registry.k8s.io/pause": Image("registry.k8s.io/pause", 1, 10),
    "gcr.io/google-samples/kubernetes-bootcamp": Image(
        "gcr.io/google-samples/kubernetes-bootcamp", 80, 200
    ),
    "registry.k8s.io/e2e-test-images/agnhost": Image(
        "registry.k8s.io/e2e-test-images/agnhost", 52, 100
    ),
}


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed image reference: `nginx` is docker.io/library/nginx:latest."""

    repository: str
    tag: str

    def __str__(self) -> str:
        return f"{self.repository}:{self.tag}"


def parse(image: str) -> Reference:
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.partition(":")[2]
    repository = name[: len(name) - len(tag) - 1] if tag else name
    if "/" not in repository:
        repository = f"docker.io/library/{repository}"
    elif "." not in repository.split("/")[0] and ":" not in repository.split("/")[0]:
        repository = f"docker.io/{repository}"
    return Reference(repository, tag or (digest and "") or "latest")


def lookup(image: str) -> Image | None:
    """The catalogue entry for a reference, whatever its tag."""
    repository = parse(image).repository
    for short, known in _KNOWN.items():
        if known.repository == repository or short == repository:
            return known
    return None


def digest(reference: Reference) -> str:
    """A stable sha256 digest for a reference (the same every run)."""
    return "sha256:" + hashlib.sha256(str(reference).encode()).hexdigest()


def pull_ms(image: Image) -> int:
    return max(200, image.size_mb * 1_000_000 // PULL_BYTES_PER_MS)
