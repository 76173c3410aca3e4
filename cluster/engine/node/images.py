"""The images the simulated registry holds: their repositories, the tags that exist, sizes,
entrypoints and commands, environment and stop signals (as their Dockerfiles set them), and
which programs they carry (see `programs` for what those do).

A reference is normalized as containerd does: `nginx` is docker.io/library/nginx:latest.
Digests are made up but stable: the same reference has the same digest in every run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from cluster.engine.node import nginx_files

PULL_BYTES_PER_MS = 25_000  # about 25 MB/s from the registry
PULL_PRESENT_MS = 450  # a pull of an image already here only resolves its manifest
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
SANDBOX_IMAGE = "registry.k8s.io/pause:3.10"
ALPINE_BUSYBOX = "1.37.0"  # the busybox of alpine's releases (and of images built on them)
_VERSION = re.compile(r"^v?\d+(\.\d+)*")


@dataclass(frozen=True, slots=True)
class Image:
    repository: str  # docker.io/library/nginx
    size_bytes: int
    tags: str  # a regular expression the tags that exist match
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = (("PATH", PATH),)
    stop_signal: str = "SIGTERM"
    # the userland: busybox, gnu (a Debian base with dash and bash), or none (distroless)
    tools: str = "busybox"
    programs: tuple[str, ...] = ()  # the programs (see `programs`) the image has
    versions: dict[str, str] = field(default_factory=dict)  # tag (or alias) -> version
    start_ms: int = 100  # from StartContainer until the process runs
    workdir: str = "/"  # WORKDIR: where its processes start, unless the pod says otherwise
    user: str = ""  # USER: whom its processes run as ("": root)
    userland: str = ""  # whose /etc/passwd and /etc/group it has (users.USERLANDS; "": its tools')
    # a busybox userland built apart from alpine's and the busybox image's (buildroot's):
    # its busybox release and C library ("": as `busybox_release` and `libc` say)
    busybox: str = ""
    libc: str = ""
    curl: str = ""  # the release of the curl it carries ("": http_clients.CURL_VERSION)
    files: tuple[tuple[str, str], ...] = ()  # its own files a learner reads, by path

    def version(self, tag: str) -> str:
        """The version of the software a tag holds: `1.27` -> 1.27.5, `latest` -> newest."""
        base = tag.split("-")[0]
        if base in self.versions:
            return self.versions[base]
        match = _VERSION.match(base)
        if match:
            return next(
                (v for k, v in self.versions.items() if k.startswith(match.group() + ".")),
                match.group().lstrip("v"),
            )
        return self.versions.get("latest", tag)

    def has_tag(self, tag: str) -> bool:
        return re.fullmatch(self.tags, tag) is not None


_NGINX_VERSIONS = {
    "latest": "1.29.3",
    "mainline": "1.29.3",
    "alpine": "1.29.3",
    "stable": "1.28.0",
    "1": "1.29.3",
    "1.29": "1.29.3",
    "1.28": "1.28.0",
    "1.27": "1.27.5",
    "1.26": "1.26.3",
    "1.25": "1.25.5",
    "1.24": "1.24.0",
}

# perl: the releases its tags hold (the official image's config.yml; 5.34 is end-of-life,
# its last build 5.34.3)
_PERL_VERSIONS = {
    "latest": "5.42.1",
    "stable": "5.42.1",
    "devel": "5.43.8",
    "5": "5.42.1",
    "5.42": "5.42.1",
    "5.40": "5.40.3",
    "5.38": "5.38.5",
    "5.36": "5.36.3",
    "5.34": "5.34.3",
    "5.32": "5.32.1",
    "5.30": "5.30.3",
}
# its variants: slim (on debian:*-slim), threaded (built with ithreads), and the Debian
# release under it, alone (latest's) or after a version
_PERL_VARIANT = (
    r"(slim|threaded|slim-threaded)(-(trixie|bookworm|bullseye|buster))?"
    r"|trixie|bookworm|bullseye|buster"
)

# the docs' examples (probes, init containers)
K8S_BUSYBOX = Image(
    "registry.k8s.io/busybox",
    1_144_547,
    r"latest|1\.\d+(\.\d+)?",
    cmd=("sh",),
    versions={"latest": "1.27.2"},
    start_ms=50,
)

NGINX_SLIM = Image(
    # Kubernetes' test image (the StatefulSet tutorial's): nginx on a slim Debian, started
    # by its CMD alone, without the official image's entrypoint scripts
    "registry.k8s.io/nginx-slim",
    20_000_000,
    r"0\.\d+",
    cmd=("nginx", "-g", "daemon off;"),
    tools="gnu",
    programs=("nginx", "curl"),
    # its tags are the image's own releases, not nginx's; the nginx of each is of its time
    versions={
        **dict.fromkeys(("0.8", "0.9"), "1.11.1"),
        **{f"0.{n}": "1.25.3" for n in range(20, 28)},
    },
    start_ms=150,
    userland="nginx",
)

_CATALOGUE = (
    Image(
        "docker.io/library/nginx",
        72_000_000,
        r"latest|stable|mainline|(stable-|mainline-)?(alpine|perl|bookworm|alpine-slim)"
        r"|1(\.\d+(\.\d+)?)?(-(alpine|perl|bookworm|alpine-slim))?",
        entrypoint=("/docker-entrypoint.sh",),
        cmd=("nginx", "-g", "daemon off;"),
        stop_signal="SIGQUIT",
        tools="gnu",
        programs=("/docker-entrypoint.sh", "nginx", "curl"),
        versions=_NGINX_VERSIONS,
        start_ms=150,
        userland="nginx",
        files=nginx_files.FILES,
    ),
    Image(
        "docker.io/library/httpd",
        58_000_000,
        r"latest|alpine|2(\.4(\.\d+)?)?(-alpine)?",
        cmd=("httpd-foreground",),
        env=(("PATH", "/usr/local/apache2/bin:" + PATH), ("HTTPD_PREFIX", "/usr/local/apache2")),
        stop_signal="SIGWINCH",
        tools="gnu",
        programs=("httpd-foreground", "httpd"),
        versions={"latest": "2.4.65", "alpine": "2.4.65", "2": "2.4.65", "2.4": "2.4.65"},
        start_ms=150,
        workdir="/usr/local/apache2",
    ),
    Image(
        "docker.io/library/redis",
        45_000_000,
        r"latest|alpine|bookworm|[5-8](\.\d+){0,2}(-(alpine|bookworm))?",
        entrypoint=("docker-entrypoint.sh",),
        cmd=("redis-server",),
        tools="gnu",
        programs=("docker-entrypoint.sh", "redis-server", "redis-cli"),
        versions={"latest": "8.2.2", "alpine": "8.2.2", "8": "8.2.2", "7": "7.4.6", "7.4": "7.4.6"},
        start_ms=120,
        workdir="/data",
        userland="redis",
    ),
    Image(
        "docker.io/library/busybox",
        2_222_260,
        r"latest|stable|musl|glibc|uclibc|1(\.\d+){1,2}(-(musl|glibc|uclibc))?",
        cmd=("sh",),
        versions={
            "latest": "1.37.0",
            "musl": "1.37.0",
            "glibc": "1.37.0",
            "uclibc": "1.37.0",
            "stable": "1.36.1",
        },
        start_ms=50,
    ),
    K8S_BUSYBOX,
    # the same repository under the name Google's registry served it by before
    # registry.k8s.io ("Debug Services" still runs it)
    replace(K8S_BUSYBOX, repository="gcr.io/google-containers/busybox"),
    Image(
        "docker.io/library/debian",  # the docs' examples (termination messages, exec)
        48_494_823,
        r"latest|stable|stable-slim|bookworm(-slim)?|trixie(-slim)?|bullseye(-slim)?|1[123](\.\d+)?(-slim)?",
        cmd=("bash",),
        tools="gnu",
        start_ms=50,
    ),
    Image(
        "docker.io/library/perl",  # the docs' Job example: pi to 2000 digits
        326_825_421,  # perl:5.34.0 for amd64, compressed (buildpack-deps underneath)
        rf"(latest|stable|devel|5(\.\d+){{0,2}})(-({_PERL_VARIANT}))?|{_PERL_VARIANT}",
        # the image's CMD names the versioned binary (perl5.42.1 -de0), a link to perl: one
        # command here serves every tag
        cmd=("perl", "-de0"),
        tools="gnu",
        programs=("perl",),
        versions=_PERL_VERSIONS,
        start_ms=50,
        workdir="/usr/src/app",
    ),
    Image(
        "docker.io/library/ubuntu",
        29_754_290,
        r"latest|rolling|noble|jammy|focal|2[024]\.04",
        cmd=("/bin/bash",),
        tools="gnu",
        start_ms=50,
    ),
    Image(
        "docker.io/library/alpine",
        3_800_000,
        r"latest|edge|3(\.\d+){0,2}",
        cmd=("/bin/sh",),
        start_ms=50,
        userland="alpine",
    ),
    Image(
        "registry.k8s.io/pause",
        320_368,
        r"3\.\d+(\.\d+)?",
        entrypoint=("/pause",),
        programs=("/pause",),
        start_ms=10,
    ),
    Image(
        "gcr.io/google-samples/kubernetes-bootcamp",
        80_000_000,
        r"v1",
        cmd=("/bin/sh", "-c", "node server.js"),
        env=(("PATH", PATH), ("NODE_VERSION", "6.3.1")),
        tools="gnu",
        programs=("node", "curl"),
        start_ms=200,
    ),
    Image(
        "registry.k8s.io/e2e-test-images/agnhost",
        52_000_000,
        r"2\.\d+",
        entrypoint=("/agnhost",),
        cmd=("pause",),
        programs=("/agnhost",),
        start_ms=100,
        userland="agnhost",
    ),
    Image(
        # "Debugging DNS Resolution": debian:jessie with its dnsutils (bind 9.9's dig,
        # host and nslookup), and CoreDNS 1.5.0 unpacked at / (test/images/jessie-dnsutils)
        "registry.k8s.io/e2e-test-images/jessie-dnsutils",
        112_029_652,  # what a node's status lists for the same build tagged 1.4
        r"1\.[3-7]",
        cmd=("/bin/bash",),  # debian:jessie's; the Dockerfile sets none
        tools="gnu",
        programs=("nslookup", "dig", "host"),
        start_ms=50,
    ),
    # the docs' sample images
    Image(
        "docker.io/polinux/stress",  # "Assign Memory Resources to Containers and Pods"
        9_744_175,
        r"latest|1\.0\.4",
        cmd=("stress", "--help"),
        programs=("stress",),
        start_ms=50,
    ),
    Image(
        "docker.io/vish/stress",  # "Assign CPU Resources to Containers and Pods"
        1_558_429,
        r"latest",
        entrypoint=("/stress", "-logtostderr"),
        tools="none",
        programs=("/stress",),
        start_ms=50,
    ),
    Image(
        "gcr.io/google-samples/hello-app",  # "Set up Ingress on Minikube"
        9_860_000,
        r"1\.0|2\.0",
        cmd=("/hello-app",),
        env=(("PATH", PATH), ("PORT", "8080")),
        tools="none",
        programs=("/hello-app",),
        versions={"1.0": "1.0.0", "2.0": "2.0.0"},
        start_ms=50,
    ),
    Image(
        # "HorizontalPodAutoscaler Walkthrough": php:5-apache (Debian stretch) serving an
        # index.php that burns CPU
        "registry.k8s.io/hpa-example",
        138_000_000,  # about what the registry lists
        r"latest",
        cmd=("apache2-foreground",),
        stop_signal="SIGWINCH",
        tools="gnu",
        programs=("apache2-foreground",),
        start_ms=150,
        workdir="/var/www/html",
    ),
    Image(
        # "Connect a Frontend to a Backend Using Services": the backend, kelseyhightower/app's
        # hello (a Go binary on alpine:3.1, busybox 1.22.1 on musl)
        "gcr.io/google-samples/hello-go-gke",
        11_000_000,  # about what the registry lists
        r"1\.0",
        entrypoint=("hello",),
        programs=("hello",),
        versions={"1.0": "1.0.0"},
        start_ms=50,
        busybox="1.22.1",
        libc="musl",
    ),
    NGINX_SLIM,
    # the names it had before registry.k8s.io (older StatefulSet tutorials use them)
    replace(NGINX_SLIM, repository="k8s.gcr.io/nginx-slim"),
    replace(NGINX_SLIM, repository="gcr.io/google_containers/nginx-slim"),
    Image(
        # its frontend: nginx:1.9.14 (Debian jessie) with frontend.conf (see nginx_proxy),
        # nginx's CMD and, before STOPSIGNAL came to nginx's image, Docker's SIGTERM
        "gcr.io/google-samples/hello-frontend",
        71_000_000,  # about nginx:1.9.14's
        r"1\.0",
        cmd=("nginx", "-g", "daemon off;"),
        tools="gnu",
        programs=("nginx",),
        versions={"1.0": "1.9.14"},
        start_ms=150,
        userland="nginx",
    ),
    Image(
        "gcr.io/google-samples/node-hello",
        249_000_000,
        r"1\.0",
        cmd=("/bin/sh", "-c", "node server.js"),
        tools="gnu",
        programs=("node", "curl"),
        start_ms=200,
    ),
    Image(
        # "Debug Services": test/images/serve-hostname, a Go program alone in a scratch
        # image (its entrypoint the program, its port 9376)
        "registry.k8s.io/serve_hostname",
        4_522_000,  # `docker images` says 4.522 MB of :latest
        r"latest",
        entrypoint=("/serve_hostname",),
        tools="none",
        programs=("/serve_hostname",),
        start_ms=50,
    ),
    Image(
        # "Connecting Applications with Services": busybox and curl built with buildroot
        # 2014.02 (busybox 1.22.1 on uClibc 0.9.33.2, curl 7.35.0; radial/core-busyboxplus)
        "docker.io/radial/busyboxplus",
        4_230_000,  # about what Docker Hub lists for :curl
        r"curl",
        cmd=("/bin/sh",),
        env=(("PATH", PATH), ("HOME", "/root"), ("ENV", "/root/.bashrc")),
        programs=("curl",),
        start_ms=50,
        busybox="1.22.1",
        libc="uclibc",
        curl="7.35.0",
    ),
    Image(
        "docker.io/curlimages/curl",  # a client to try a server with, on alpine's busybox
        11_400_000,
        r"latest|8(\.\d+){0,2}",
        cmd=("curl",),
        programs=("curl",),
        versions={"latest": "8.14.1"},
        start_ms=50,
        user="curl_user",
        userland="curl",
    ),
    Image(
        "registry.k8s.io/goproxy",  # "Configure Liveness, Readiness and Startup Probes"
        2_330_000,
        r"0\.1",
        cmd=("/goproxy",),
        tools="none",
        programs=("/goproxy",),
        start_ms=50,
    ),
    Image(
        "docker.io/kubelab/crashloop",
        5_000_000,
        r"latest|v1",
        entrypoint=("/crashloop",),
        programs=("/crashloop",),
        start_ms=50,
    ),
    Image(
        "docker.io/kubelab/memory-hog",
        5_000_000,
        r"latest|v1",
        entrypoint=("/memory-hog",),
        programs=("/memory-hog",),
        start_ms=50,
    ),
    Image(
        "docker.io/kubelab/slow-start",
        5_000_000,
        r"latest|v1",
        entrypoint=("/slow-start",),
        programs=("/slow-start",),
        start_ms=50,
    ),
)
_BY_REPOSITORY = {image.repository: image for image in _CATALOGUE}


def busybox_release(image: Image, reference: Reference) -> str:
    """The busybox release of an image's busybox userland: the one it names (built apart),
    a busybox image's own, else alpine's ("" for a Debian userland)."""
    if image.tools != "busybox":
        return ""
    if image.busybox:
        return image.busybox
    if image.repository.endswith("/busybox"):
        return image.version(reference.tag)
    return ALPINE_BUSYBOX


def libc(image: Image, reference: Reference) -> str:
    """The C library of an image's userland, whose stub resolver its programs ask: the one
    it names (built apart), Debian's glibc, alpine's musl (and the images built on alpine),
    and for the busybox image the variant its tag names, else its default: uClibc-ng until
    docker-library made glibc the default in December 2022, when 1.34.1 and 1.35.0 were the
    releases it built."""
    tag = reference.tag
    if image.libc:
        return image.libc
    if image.tools != "busybox":
        return "musl" if "alpine" in tag else "glibc"
    if not image.repository.endswith("/busybox"):
        return "musl"
    variant = tag.rpartition("-")[2]
    if variant in ("glibc", "musl", "uclibc"):
        return variant
    return "glibc" if release(busybox_release(image, reference)) >= (1, 34) else "uclibc"


def release(version: str) -> tuple[int, ...]:
    """A release's numbers: "1.36.1" -> (1, 36, 1)."""
    numbers = []
    for part in version.split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return tuple(numbers)


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed image reference: `nginx` is docker.io/library/nginx:latest."""

    repository: str
    tag: str

    def __str__(self) -> str:
        return f"{self.repository}:{self.tag}"


# a node's containers name a few images many times: each is parsed once and its reference
# shared (references are immutable)
@lru_cache(maxsize=1024)
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
    return _BY_REPOSITORY.get(parse(image).repository)


def resolve(reference: Reference) -> Image | None:
    """The image a reference names, if the registry has that repository and tag."""
    image = _BY_REPOSITORY.get(reference.repository)
    return image if image is not None and image.has_tag(reference.tag) else None


def digest(reference: Reference) -> str:
    """A stable sha256 digest for a reference (the same every run)."""
    return "sha256:" + hashlib.sha256(str(reference).encode()).hexdigest()


def pull_ms(image: Image) -> int:
    return max(200, image.size_bytes // PULL_BYTES_PER_MS)
