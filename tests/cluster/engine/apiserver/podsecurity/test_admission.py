"""The PodSecurity admission plugin on a real cluster: what a namespace's labels enforce on
pods, warn of on pods and their controllers, and what raising a namespace's level says of
the pods already in it."""

from typing import Any

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, deployment, pod, settle

RESTRICTED_NGINX = (
    'allowPrivilegeEscalation != false (container "nginx" must set '
    "securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "
    '"nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or '
    'container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or '
    'container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or '
    '"Localhost")'
)
RESTRICTED_REASONS = (
    "allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, "
    "seccompProfile"
)


def labelled(**labels: str) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    prefixed = {f"pod-security.kubernetes.io/{k.replace('_', '-')}": v for k, v in labels.items()}
    api.create("namespaces", {"metadata": {"name": "secure", "labels": prefixed}}, "")
    return cluster, api


def restricted_pod(name: str = "safe") -> dict[str, Any]:
    safe = pod(name)
    safe["spec"]["securityContext"] = {
        "runAsNonRoot": True,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    safe["spec"]["containers"][0]["securityContext"] = {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
    }
    return safe


def privileged_pod(name: str = "root") -> dict[str, Any]:
    root = pod(name)
    root["spec"]["containers"][0]["securityContext"] = {"privileged": True}
    return root


def test_a_pod_breaking_the_enforced_level_is_forbidden_in_kubernetes_words():
    _cluster, api = labelled(enforce="restricted")
    response = api.request("create", "pods", "secure", body=pod("nginx"))
    assert response.code == 403
    assert response.body["message"] == (
        f'pods "nginx" is forbidden: violates PodSecurity "restricted:latest": {RESTRICTED_NGINX}'
    )
    assert api.request("create", "pods", "secure", body=restricted_pod()).ok


def test_a_pod_meeting_the_enforced_level_is_warned_of_the_warn_level():
    _cluster, api = labelled(enforce="baseline", warn="restricted", warn_version="v1.30")
    response = api.request("create", "pods", "secure", body=pod("nginx"))
    assert response.ok
    assert response.warnings == (
        f'would violate PodSecurity "restricted:v1.30": {RESTRICTED_NGINX}',
    )
    refused = api.request("create", "pods", "secure", body=privileged_pod())
    assert refused.body["message"] == (
        'pods "root" is forbidden: violates PodSecurity "baseline:latest": privileged '
        '(container "nginx" must not set securityContext.privileged=true)'
    )


def test_a_namespace_without_labels_allows_everything_silently():
    _cluster, api = labelled()
    response = api.request("create", "pods", "secure", body=privileged_pod())
    assert response.ok and response.warnings == ()


def test_a_deployment_is_only_warned_of_and_its_replica_set_cannot_make_pods():
    cluster, api = labelled(enforce="restricted")
    response = api.request("create", "deployments", "secure", body=deployment(replicas=1))
    assert response.ok
    assert response.warnings == (
        f'would violate PodSecurity "restricted:latest": {RESTRICTED_NGINX}',
    )
    settle(cluster)
    assert api.items("pods", "secure") == []
    failed = [e for e in api.items("events", "secure") if e["reason"] == "FailedCreate"]
    assert failed and failed[0]["message"].startswith('Error creating: pods "web-')
    assert failed[0]["message"].endswith(
        f'is forbidden: violates PodSecurity "restricted:latest": {RESTRICTED_NGINX}'
    )


def test_raising_a_namespaces_enforced_level_names_the_pods_that_break_it():
    cluster, api = labelled()
    for name in ("b", "a", "c"):
        api.create("pods", pod(name), "secure")
    api.create("pods", restricted_pod(), "secure")
    api.create("pods", privileged_pod(), "secure")
    settle(cluster)
    response = api.request(
        "patch",
        "namespaces",
        "",
        "secure",
        body={"metadata": {"labels": {"pod-security.kubernetes.io/enforce": "restricted"}}},
        content_type="application/merge-patch+json",
    )
    assert response.ok
    assert response.warnings == (
        'existing pods in namespace "secure" violate the new PodSecurity enforce level '
        '"restricted:latest"',
        f"a (and 2 other pods): {RESTRICTED_REASONS}",
        f"root: privileged, {RESTRICTED_REASONS}",
    )


def test_a_level_or_version_that_is_no_level_is_invalid():
    _cluster, api = labelled()
    labels = {
        "pod-security.kubernetes.io/enforce": "strict",
        "pod-security.kubernetes.io/warn-version": "1.30",
    }
    response = api.request(
        "patch",
        "namespaces",
        "",
        "secure",
        body={"metadata": {"labels": labels}},
        content_type="application/merge-patch+json",
    )
    assert response.code == 422
    assert response.body["message"] == (
        'Namespace "secure" is invalid: [metadata.labels[pod-security.kubernetes.io/enforce]: '
        'Invalid value: "strict": must be one of privileged, baseline, restricted, '
        'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.30": '
        'must be "latest" or "v1.x"]'
    )


def test_an_update_that_changes_no_image_is_not_judged_again():
    cluster, api = labelled()
    api.create("pods", pod("nginx"), "secure")
    settle(cluster)
    api.patch(
        "namespaces",
        "secure",
        {"metadata": {"labels": {"pod-security.kubernetes.io/enforce": "restricted"}}},
        "",
    )
    labels = {"metadata": {"labels": {"tier": "web"}}}
    assert api.request(
        "patch", "pods", "secure", "nginx", body=labels, content_type="application/merge-patch+json"
    ).ok
    image = {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.28"}]}}
    response = api.request(
        "patch",
        "pods",
        "secure",
        "nginx",
        body=image,
        content_type="application/strategic-merge-patch+json",
    )
    assert response.code == 403
