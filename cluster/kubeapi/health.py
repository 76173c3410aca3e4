"""/livez, /readyz and /healthz as kube-apiserver answers them: `ok`, or with `verbose` each
check on a line (`[+]etcd ok`), those `exclude` names marked excluded; a check of its own at
/readyz/NAME. The checks are those of a kubeadm cluster's kube-apiserver; all of them pass
while the server answers."""

from __future__ import annotations

POST_START_HOOKS = (
    "start-apiserver-admission-initializer",
    "generic-apiserver-start-informers",
    "priority-and-fairness-config-consumer",
    "priority-and-fairness-filter",
    "storage-object-count-tracker-hook",
    "start-apiextensions-informers",
    "start-apiextensions-controllers",
    "crd-informer-synced",
    "start-system-namespaces-controller",
    "start-cluster-authentication-info-controller",
    "start-kube-apiserver-identity-lease-controller",
    "start-kube-apiserver-identity-lease-garbage-collector",
    "start-legacy-token-tracking-controller",
    "start-service-ip-repair-controllers",
    "rbac/bootstrap-roles",
    "scheduling/bootstrap-system-priority-classes",
    "priority-and-fairness-config-producer",
    "bootstrap-controller",
    "aggregator-reload-proxy-client-cert",
    "start-kube-aggregator-informers",
    "apiservice-status-local-available-controller",
    "apiservice-status-remote-available-controller",
    "apiservice-registration-controller",
    "apiservice-discovery-controller",
    "kube-apiserver-autoregistration",
)
_HOOKS = tuple(f"poststarthook/{hook}" for hook in POST_START_HOOKS)
_LATE = (
    "autoregister-completion",
    "poststarthook/apiservice-openapi-controller",
    "poststarthook/apiservice-openapiv3-controller",
)
CHECKS = {
    "livez": ("ping", "log", "etcd", *_HOOKS, *_LATE),
    "healthz": ("ping", "log", "etcd", *_HOOKS, *_LATE),
    "readyz": (
        "ping",
        "log",
        "etcd",
        "etcd-readiness",
        "informer-sync",
        *_HOOKS,
        *_LATE,
        "shutdown",
    ),
}


def answer(endpoint: str, check: str, query: dict[str, list[str]]) -> tuple[int, str]:
    """The status code and text of /ENDPOINT[/CHECK]?verbose&exclude=..."""
    checks = CHECKS[endpoint]
    if check:
        return (200, "ok") if check in checks else (404, "404 page not found\n")
    if "verbose" not in query:
        return 200, "ok"
    excluded = {name for value in query.get("exclude", []) for name in value.split(",")}
    lines = [f"[+]{name} excluded: ok" if name in excluded else f"[+]{name} ok" for name in checks]
    return 200, "\n".join([*lines, f"{endpoint} check passed"]) + "\n"
