"""kube-apiserver's semantics of writes: selectors, paging, generation, subresources,
deletion with finalizers, dry runs, namespaces' termination, and admission."""

from dataclasses import replace

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl


@pytest.fixture
def cluster():
    return Cluster()


def ask(cluster, verb, resource, namespace="", name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, namespace, name, **options))


def deployment(name="web", labels=None, replicas=2):
    labels = labels or {"app": name}
    return {
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": name, "image": "nginx:1.27"}]},
            },
        },
    }


def config_map(name, **labels):
    return {"metadata": {"name": name, "labels": labels}, "data": {"k": "v"}}


def names(body):
    return [item["metadata"]["name"] for item in body["items"]]


def test_a_list_is_filtered_by_label_selector(cluster):
    for name, tier in (("a", "web"), ("b", "db"), ("c", "web")):
        ask(cluster, "create", "configmaps", "default", body=config_map(name, tier=tier))
    listed = ask(cluster, "list", "configmaps", "default", query={"labelSelector": "tier in (web)"})
    assert names(listed.body) == ["a", "c"]
    bad = ask(cluster, "list", "configmaps", "default", query={"labelSelector": "tier in web"})
    assert (bad.code, bad.body["message"]) == (
        400,
        "unable to parse requirement: found 'web' expected: '('",
    )


def test_a_list_comes_in_pages_with_a_continue_token(cluster):
    for name in ("a", "b", "c"):
        ask(cluster, "create", "configmaps", "default", body=config_map(name))
    first = ask(cluster, "list", "configmaps", "default", query={"limit": "2"}).body
    assert names(first) == ["a", "b"]
    assert first["metadata"]["remainingItemCount"] == 2
    token = first["metadata"]["continue"]
    second = ask(cluster, "list", "configmaps", "default", query={"limit": "2", "continue": token})
    assert names(second.body) == ["c", "kube-root-ca.crt"]
    assert "continue" not in second.body["metadata"]


def test_a_deployment_is_defaulted_and_its_generation_counts_spec_changes(cluster):
    created = ask(cluster, "create", "deployments", "default", body=deployment()).body
    spec = created["spec"]
    assert spec["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"},
    }
    assert (spec["revisionHistoryLimit"], spec["progressDeadlineSeconds"]) == (10, 600)
    assert spec["template"]["spec"]["containers"][0]["imagePullPolicy"] == "IfNotPresent"
    assert created["metadata"]["generation"] == 1
    labelled = ask(
        cluster,
        "patch",
        "deployments",
        "default",
        "web",
        body={"metadata": {"labels": {"x": "y"}}},
        content_type="application/merge-patch+json",
    ).body
    assert labelled["metadata"]["generation"] == 1
    scaled = ask(
        cluster,
        "patch",
        "deployments",
        "default",
        "web",
        body={"spec": {"replicas": 5}},
        content_type="application/merge-patch+json",
    ).body
    assert scaled["metadata"]["generation"] == 2


def test_a_template_that_its_selector_misses_is_invalid(cluster):
    response = ask(
        cluster, "create", "deployments", "default", body=deployment(labels={"app": "x"})
    )
    assert (response.code, response.body["message"]) == (
        422,
        'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: '
        '{"app":"x"}: `selector` does not match template `labels`',
    )


def test_the_status_subresource_changes_only_the_status(cluster):
    ask(cluster, "create", "deployments", "default", body=deployment())
    current = ask(cluster, "get", "deployments", "default", "web").body
    changed = {**current, "spec": {**current["spec"], "replicas": 9}, "status": {"replicas": 3}}
    stored = ask(
        cluster, "update", "deployments", "default", "web", subresource="status", body=changed
    ).body
    assert (stored["spec"]["replicas"], stored["status"]["replicas"]) == (2, 3)
    current = ask(cluster, "get", "deployments", "default", "web").body
    main = {**current, "status": {"replicas": 7}}
    stored = ask(cluster, "update", "deployments", "default", "web", body=main).body
    assert stored["status"] == current["status"]


def test_the_scale_subresource_reads_and_sets_replicas(cluster):
    ask(cluster, "create", "deployments", "default", body=deployment())
    scale = ask(cluster, "get", "deployments", "default", "web", subresource="scale").body
    assert (scale["apiVersion"], scale["kind"]) == ("autoscaling/v1", "Scale")
    assert scale["spec"] == {"replicas": 2}
    assert scale["status"]["selector"] == "app=web"
    scale["spec"]["replicas"] = 4
    updated = ask(
        cluster, "update", "deployments", "default", "web", subresource="scale", body=scale
    ).body
    assert updated["spec"] == {"replicas": 4}
    bad = ask(
        cluster,
        "update",
        "deployments",
        "default",
        "web",
        subresource="scale",
        body={"metadata": {"name": "web"}, "spec": {"replicas": -1}},
    )
    assert bad.body["message"] == (
        'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: '
        "must be greater than or equal to 0"
    )


def test_an_orphaning_delete_waits_for_the_garbage_collector(cluster):
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    response = ask(
        cluster, "delete", "configmaps", "default", "cm", query={"propagationPolicy": "Orphan"}
    )
    meta = response.body["metadata"]
    assert meta["finalizers"] == ["orphan"]
    assert meta["deletionGracePeriodSeconds"] == 0
    assert "deletionTimestamp" in meta
    current = ask(cluster, "get", "configmaps", "default", "cm").body
    current["metadata"]["finalizers"] = []
    ask(cluster, "update", "configmaps", "default", "cm", body=current)
    assert ask(cluster, "get", "configmaps", "default", "cm").code == 404


def test_a_delete_without_finalizers_answers_with_a_status(cluster):
    created = ask(cluster, "create", "deployments", "default", body=deployment()).body
    response = ask(cluster, "delete", "deployments", "default", "web")
    assert response.body == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": {
            "name": "web",
            "group": "apps",
            "kind": "deployments",
            "uid": created["metadata"]["uid"],
        },
    }


def test_a_delete_with_a_stale_precondition_is_a_conflict(cluster):
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    response = ask(
        cluster, "delete", "configmaps", "default", "cm", body={"preconditions": {"uid": "x"}}
    )
    assert response.code == 409
    assert response.body["message"].startswith(
        'Operation cannot be fulfilled on ConfigMap "cm": the UID in the precondition (x) '
        "does not match the UID in record"
    )


def test_an_unknown_propagation_policy_is_invalid(cluster):
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    response = ask(
        cluster, "delete", "configmaps", "default", "cm", query={"propagationPolicy": "Now"}
    )
    assert response.body["message"] == (
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Now": '
        'supported values: "Foreground", "Background", "Orphan", "nil"'
    )


def test_a_dry_run_validates_and_admits_but_stores_nothing(cluster):
    response = ask(
        cluster, "create", "configmaps", "default", body=config_map("dry"), query={"dryRun": "All"}
    )
    assert response.code == 201
    assert "resourceVersion" not in response.body["metadata"]
    assert ask(cluster, "get", "configmaps", "default", "dry").code == 404


def test_a_namespace_terminates_then_goes_when_finalized(cluster):
    ask(cluster, "create", "namespaces", body={"metadata": {"name": "team"}})
    deleting = ask(cluster, "delete", "namespaces", name="team").body
    assert deleting["status"]["phase"] == "Terminating"
    assert deleting["spec"]["finalizers"] == ["kubernetes"]
    refused = ask(cluster, "create", "configmaps", "team", body=config_map("late"))
    assert refused.body["message"] == (
        'configmaps "late" is forbidden: unable to create new content in namespace team '
        "because it is being terminated"
    )
    deleting["spec"]["finalizers"] = []
    ask(cluster, "update", "namespaces", name="team", subresource="finalize", body=deleting)
    assert ask(cluster, "get", "namespaces", name="team").code == 404


def test_a_system_namespace_may_not_be_deleted(cluster):
    response = ask(cluster, "delete", "namespaces", name="default")
    assert (response.code, response.body["message"]) == (
        403,
        'namespaces "default" is forbidden: this namespace may not be deleted',
    )


def pod(name):
    return {"metadata": {"name": name}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}


def test_a_pod_gets_its_service_account_and_token_volume(cluster):
    created = ask(cluster, "create", "pods", "default", body=pod("p")).body
    spec = created["spec"]
    assert (spec["serviceAccountName"], spec["serviceAccount"]) == ("default", "default")
    volume = spec["volumes"][0]
    assert volume["name"].startswith("kube-api-access-")
    assert volume["projected"]["sources"][0] == {
        "serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}
    }
    assert spec["containers"][0]["volumeMounts"] == [
        {
            "name": volume["name"],
            "readOnly": True,
            "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
        }
    ]


def test_a_pod_is_refused_until_its_namespace_has_its_default_service_account(cluster):
    # Both asked before the service account controller has had a chance to react:
    for request in (
        Request("create", "namespaces", body={"metadata": {"name": "fresh"}}),
        Request("create", "pods", "fresh", body=pod("x")),
    ):
        response = cluster.apiserver.handle(replace(request, credential=cluster.admin))
    assert (response.code, response.body["message"]) == (
        403,
        'pods "x" is forbidden: error looking up service account fresh/default: '
        'serviceaccount "default" not found',
    )


def test_limit_ranges_default_and_bound_a_pods_resources(cluster):
    limits = {
        "metadata": {"name": "limits"},
        "spec": {
            "limits": [
                {"type": "Container", "max": {"cpu": "1"}, "defaultRequest": {"cpu": "100m"}}
            ]
        },
    }
    ask(cluster, "create", "limitranges", "default", body=limits)
    created = ask(cluster, "create", "pods", "default", body=pod("p")).body
    assert created["spec"]["containers"][0]["resources"] == {
        "requests": {"cpu": "100m"},
        "limits": {"cpu": "1"},
    }
    assert created["metadata"]["annotations"]["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: cpu request for container c; cpu limit for container c"
    )
    big = pod("big")
    big["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "2"}}
    response = ask(cluster, "create", "pods", "default", body=big)
    assert response.body["message"] == (
        'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2'
    )


def test_a_quota_charges_pods_and_refuses_the_one_too_many(cluster):
    quota = {"metadata": {"name": "two"}, "spec": {"hard": {"pods": "2"}}}
    ask(cluster, "create", "resourcequotas", "default", body=quota)
    current = ask(cluster, "get", "resourcequotas", "default", "two").body
    current["status"] = {"hard": {"pods": "2"}, "used": {"pods": "0"}}  # as the controller would
    ask(cluster, "update", "resourcequotas", "default", "two", subresource="status", body=current)
    assert ask(cluster, "create", "pods", "default", body=pod("a")).code == 201
    assert ask(cluster, "create", "pods", "default", body=pod("b")).code == 201
    response = ask(cluster, "create", "pods", "default", body=pod("c"))
    assert (response.code, response.body["message"]) == (
        403,
        'pods "c" is forbidden: exceeded quota: two, requested: pods=1, used: pods=2, limited: pods=2',
    )
    used = ask(cluster, "get", "resourcequotas", "default", "two").body["status"]["used"]
    assert used == {"pods": "2"}


def run(cluster, *argv):
    return kubectl(list(argv), cluster.handle, cluster.admin, now=cluster.spec.epoch)


def test_kubectl_get_prints_each_kinds_columns(cluster):
    ask(cluster, "create", "deployments", "default", body=deployment())
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    secret = {"metadata": {"name": "s"}, "stringData": {"a": "b"}}
    ask(cluster, "create", "secrets", "default", body=secret)
    header, row = run(cluster, "get", "deploy").stdout.splitlines()
    assert header == "NAME   READY   UP-TO-DATE   AVAILABLE   AGE"
    assert row.split()[:2] == ["web", "0/2"]
    assert run(cluster, "get", "deploy", "-o", "wide").stdout.splitlines()[0].split() == [
        "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR",
    ]  # fmt: skip
    assert run(cluster, "get", "cm").stdout == (
        "NAME               DATA   AGE\ncm                 1      0s\nkube-root-ca.crt   1      0s\n"
    )
    assert run(cluster, "get", "secrets").stdout == (
        "NAME   TYPE     DATA   AGE\ns      Opaque   1      0s\n"
    )


def test_delete_options_come_from_the_body_when_there_is_one(cluster):
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    response = ask(
        cluster,
        "delete",
        "configmaps",
        "default",
        "cm",
        body={"propagationPolicy": "Background"},
        query={"propagationPolicy": "Now"},
    )
    assert response.body["status"] == "Success"


def test_a_malformed_grace_period_in_the_query_is_a_bad_request(cluster):
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    response = ask(
        cluster, "delete", "configmaps", "default", "cm", query={"gracePeriodSeconds": "abc"}
    )
    assert (response.code, response.body["message"]) == (
        400,
        'strconv.ParseInt: parsing "abc": invalid syntax',
    )


def test_orphan_dependents_in_the_query_is_a_go_boolean(cluster):
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    query = {"orphanDependents": "1", "propagationPolicy": "Orphan"}
    response = ask(cluster, "delete", "configmaps", "default", "cm", query=query)
    assert response.code == 422


def test_a_delete_body_of_another_kind_is_a_bad_request(cluster):
    ask(cluster, "create", "configmaps", "default", body=config_map("cm"))
    body = {"kind": "ConfigMap", "apiVersion": "v1"}
    response = ask(cluster, "delete", "configmaps", "default", "cm", body=body)
    assert (response.code, response.body["message"]) == (
        400,
        'no kind "ConfigMap" is registered for version "v1" in scheme '
        '"k8s.io/apimachinery/pkg/apis/meta/internalversion/scheme/register.go:27"',
    )
    assert ask(cluster, "get", "configmaps", "default", "cm").code == 200


def test_a_status_lists_its_fields_in_go_order(cluster):
    response = ask(cluster, "get", "deployments", "default", "nope")
    assert list(response.body) == [
        "kind",
        "apiVersion",
        "metadata",
        "status",
        "message",
        "reason",
        "details",
        "code",
    ]
    assert list(response.body["details"]) == ["name", "group", "kind"]


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({"name": "db"}, "the name of the object (db) does not match the name on the URL (web)"),
        (
            {"name": "web", "namespace": "kube-system"},
            "the namespace of the provided object does not match the namespace sent on the request",
        ),
    ],
)
def test_a_scale_naming_another_object_is_a_bad_request(cluster, metadata, message):
    ask(cluster, "create", "deployments", "default", body=deployment())
    scale = {"kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata}
    scale["spec"] = {"replicas": 5}
    response = ask(
        cluster, "update", "deployments", "default", "web", subresource="scale", body=scale
    )
    assert (response.code, response.body["message"]) == (400, message)
    got = ask(cluster, "get", "deployments", "default", "web").body
    assert got["spec"]["replicas"] == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"kind": "Secret", "apiVersion": "v1"},
            'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) '
            "to (core.ConfigMap): unknown conversion",
        ),
        (
            {"kind": "configmap", "apiVersion": "v1"},
            'configmap in version "v1" cannot be handled as a ConfigMap: no kind "configmap" '
            'is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
        ),
        (
            {"kind": "ConfigMap", "apiVersion": "v2"},
            "the API version in the data (v2) does not match the expected API version (v1)",
        ),
    ],
)
def test_a_body_of_another_kind_is_refused_as_the_decoder_refuses_it(cluster, body, message):
    body = {**body, "metadata": {"name": "cm"}}
    response = ask(cluster, "create", "configmaps", "default", body=body)
    assert (response.code, response.body["message"]) == (400, message)


def test_a_body_of_another_groups_kind_names_the_internal_package(cluster):
    ask(cluster, "create", "deployments", "default", body=deployment())
    body = {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "web"}}
    response = ask(cluster, "update", "deployments", "default", "web", body=body)
    assert response.body["message"] == (
        'ConfigMap in version "v1" cannot be handled as a Deployment: converting '
        "(v1.ConfigMap) to (apps.Deployment): unknown conversion"
    )
