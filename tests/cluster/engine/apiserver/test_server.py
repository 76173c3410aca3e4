"""kube-apiserver's answers, as Kubernetes gives them."""

import pytest

from cluster.engine.apiserver import server
from cluster.engine.apiserver.request import Credential, Request
from cluster.engine.apiserver.server import SharedEvent
from cluster.engine.cluster import Cluster


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def ask(cluster, verb, resource, namespace="", name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, namespace, name, **options))


MERGE = "application/merge-patch+json"


def pod(name, image="nginx"):
    return {"metadata": {"name": name}, "spec": {"containers": [{"name": "c", "image": image}]}}


def test_a_missing_object_is_not_found(cluster):
    response = ask(cluster, "get", "pods", "default", "nope")
    assert response.code == 404
    assert response.body["reason"] == "NotFound"
    assert response.body["message"] == 'pods "nope" not found'
    assert response.body["details"] == {"name": "nope", "kind": "pods"}


def test_creating_twice_is_already_exists(cluster):
    assert ask(cluster, "create", "pods", "default", body=pod("twice")).code == 201
    response = ask(cluster, "create", "pods", "default", body=pod("twice"))
    assert (response.code, response.body["message"]) == (409, 'pods "twice" already exists')


def generated(prefix):
    return {**pod(""), "metadata": {"generateName": prefix}}


def suffixes(monkeypatch, *drawn):
    """The apiserver's random suffixes are `drawn`, in turn, the last one for ever after."""
    queue = list(drawn)
    monkeypatch.setattr(server, "_suffix", lambda rng: queue.pop(0) if len(queue) > 1 else queue[0])


def test_a_generated_name_that_is_taken_is_generated_again(monkeypatch):
    cluster = Cluster()
    assert ask(cluster, "create", "pods", "default", body=pod("retry-taken")).code == 201
    suffixes(monkeypatch, "taken", "taken", "taken", "fresh")
    response = ask(cluster, "create", "pods", "default", body=generated("retry-"))
    assert (response.code, response.body["metadata"]["name"]) == (201, "retry-fresh")


def test_after_eight_generated_names_taken_the_server_gives_up(monkeypatch):
    cluster = Cluster()
    assert ask(cluster, "create", "pods", "default", body=pod("full-taken")).code == 201
    attempts = []
    suffixes(monkeypatch, "taken")
    original = cluster.apiserver._store_new
    monkeypatch.setattr(
        cluster.apiserver, "_store_new", lambda *a: attempts.append(1) or original(*a)
    )
    response = ask(cluster, "create", "pods", "default", body=generated("full-"))
    assert len(attempts) == server.NAME_GENERATION_ATTEMPTS == 8
    assert (response.code, response.body["reason"]) == (409, "AlreadyExists")
    assert response.body["message"] == (
        'pods "full-taken" already exists, the server was not able to generate a unique '
        "name for the object"
    )
    assert response.body["details"] == {
        "name": "full-taken",
        "kind": "pods",
        "retryAfterSeconds": 1,
    }


def test_a_name_held_by_an_object_being_deleted_says_so():
    cluster = Cluster()
    assert ask(cluster, "create", "pods", "default", body=pod("going")).code == 201
    cluster.run_until_idle()
    assert ask(cluster, "delete", "pods", "default", "going").code == 200
    response = ask(cluster, "create", "pods", "default", body=pod("going"))
    assert (response.code, response.body["message"]) == (
        409,
        'object is being deleted: pods "going" already exists',
    )
    dry_run = ask(cluster, "create", "pods", "default", body=pod("going"), query={"dryRun": "All"})
    assert dry_run.body["message"] == 'object is being deleted: pods "going" already exists'


def test_an_invalid_name_is_refused_with_the_field_and_the_rule(cluster):
    response = ask(cluster, "create", "pods", "default", body=pod("Web_1"))
    assert response.code == 422
    assert response.body["message"].startswith(
        'Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 '
        "subdomain must consist of lower case alphanumeric characters"
    )
    assert response.body["details"]["causes"][0]["field"] == "metadata.name"


def test_several_problems_are_reported_together(cluster):
    body = {
        "metadata": {"name": "empty"},
        "spec": {"containers": [{"name": "c"}], "restartPolicy": "Sometimes"},
    }
    response = ask(cluster, "create", "pods", "default", body=body)
    assert response.body["message"] == (
        'Pod "empty" is invalid: [spec.containers[0].image: Required value, '
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", '
        '"OnFailure", "Never"]'
    )


def test_nothing_is_created_in_a_namespace_that_does_not_exist(cluster):
    response = ask(cluster, "create", "pods", "ghost", body=pod("p"))
    assert (response.code, response.body["message"]) == (404, 'namespaces "ghost" not found')


def test_an_unknown_token_is_unauthorized_and_leaves_a_hop_at_authentication(cluster):
    mark = cluster.trace.last_seq
    response = ask(cluster, "list", "pods", "default", credential=Credential("token", "bad"))
    assert (response.code, response.body["reason"]) == (401, "Unauthorized")
    assert [(h.source, h.destination) for h in cluster.trace.since(mark)] == [
        ("kubectl", "authentication")
    ]


def test_a_component_may_not_do_what_its_role_does_not_allow(cluster):
    scheduler = cluster.scheduler.client
    response = scheduler.request("delete", "nodes", name="node-1")
    assert response.code == 403
    assert response.body["message"] == (
        'nodes "node-1" is forbidden: User "system:kube-scheduler" cannot delete resource '
        '"nodes" in API group "" at the cluster scope'
    )


def test_a_stale_resource_version_is_a_conflict_and_changes_nothing(cluster):
    ask(cluster, "create", "pods", "default", body=pod("cas"))
    current = ask(cluster, "get", "pods", "default", "cas").body  # bound by now
    stale = dict(current, metadata={**current["metadata"], "labels": {"a": "b"}})
    assert ask(cluster, "update", "pods", "default", "cas", body=stale).code == 200
    response = ask(
        cluster,
        "update",
        "pods",
        "default",
        "cas",
        body=dict(stale, metadata={**stale["metadata"], "labels": {"a": "c"}}),
    )
    assert response.code == 409
    assert "the object has been modified" in response.body["message"]
    assert ask(cluster, "get", "pods", "default", "cas").body["metadata"]["labels"] == {"a": "b"}


def test_objects_carry_uid_resource_version_and_creation_timestamp(cluster):
    created = ask(cluster, "create", "pods", "default", body=pod("meta")).body
    meta = created["metadata"]
    assert meta["resourceVersion"].isdigit()
    assert len(meta["uid"]) == 36
    assert meta["creationTimestamp"].endswith("Z")


def test_defaults_are_filled_in_as_kubernetes_does(cluster):
    created = ask(cluster, "create", "pods", "default", body=pod("defaults", "nginx:1.27")).body
    spec = created["spec"]
    assert spec["restartPolicy"] == "Always"
    assert spec["terminationGracePeriodSeconds"] == 30
    assert spec["containers"][0]["imagePullPolicy"] == "IfNotPresent"
    assert (
        ask(cluster, "create", "pods", "default", body=pod("latest")).body["spec"]["containers"][0][
            "imagePullPolicy"
        ]
        == "Always"
    )


def test_empty_metadata_collections_are_left_out_as_go_omitempty_does(cluster):
    body = {
        "metadata": {"name": "empty", "labels": {}, "annotations": None, "finalizers": []},
        "data": {"a": "b"},
    }
    created = ask(cluster, "create", "configmaps", "default", body=body).body
    assert not {"labels", "annotations", "finalizers"} & set(created["metadata"])
    patch = {"metadata": {"labels": {"x": "y"}, "finalizers": ["example.com/keep"]}}
    ask(cluster, "patch", "configmaps", "default", "empty", body=patch, content_type=MERGE)
    unset = {"metadata": {"labels": {"x": None}, "finalizers": []}}
    ask(cluster, "patch", "configmaps", "default", "empty", body=unset, content_type=MERGE)
    meta = ask(cluster, "get", "configmaps", "default", "empty").body["metadata"]
    assert not {"labels", "finalizers"} & set(meta)


def test_a_list_can_be_filtered_by_field(cluster):
    body = ask(
        cluster, "list", "pods", "default", query={"fieldSelector": "metadata.name=meta"}
    ).body
    assert [item["metadata"]["name"] for item in body["items"]] == ["meta"]
    bad = ask(cluster, "list", "pods", "default", query={"fieldSelector": "spec.color=red"})
    assert (bad.code, bad.body["message"]) == (400, "field label not supported: spec.color")


def test_services_can_be_filtered_by_cluster_ip_and_type(cluster):
    """As kube-proxy watches them: spec.clusterIP!=None leaves headless Services out."""
    for name, cluster_ip in (("web", ""), ("db", "None")):
        spec = {"clusterIP": cluster_ip, "selector": {"app": name}, "ports": [{"port": 80}]}
        body = {"metadata": {"name": name}, "spec": spec}
        assert ask(cluster, "create", "services", "default", body=body).code == 201
    for selector, names in (
        ("spec.clusterIP!=None", ["kubernetes", "web"]),
        ("spec.type=ClusterIP,spec.clusterIP=None", ["db"]),
    ):
        query = {"fieldSelector": selector}
        body = ask(cluster, "list", "services", "default", query=query).body
        assert [item["metadata"]["name"] for item in body["items"]] == names


def test_a_list_whose_field_selector_names_one_object_reads_that_key_alone():
    cluster = Cluster()
    for name in ("web", "web-2", "api"):
        assert ask(cluster, "create", "pods", "default", body=pod(name)).code == 201
    before = cluster.trace.last_seq
    query = {"fieldSelector": "metadata.name=web,status.phase!=Failed"}
    body = ask(cluster, "list", "pods", "default", query=query).body
    assert [item["metadata"]["name"] for item in body["items"]] == ["web"]
    reads = [h for h in cluster.trace.since(before) if h.destination == "etcd"]
    assert [(h.verb, h.object) for h in reads] == [("get", "/registry/pods/default/web")]
    nothing = ask(cluster, "list", "pods", "default", query={"fieldSelector": "metadata.name=x"})
    assert nothing.body["items"] == []
    everywhere = ask(cluster, "list", "pods", query={"fieldSelector": "metadata.name=api"})
    assert [item["metadata"]["name"] for item in everywhere.body["items"]] == ["api"]


def test_pods_share_their_parts_in_the_informers_once_a_cluster_holds_many(monkeypatch):
    monkeypatch.setattr(server, "SHARE_PODS_FROM", 3)
    cluster = Cluster()
    for name in ("a", "b", "c", "d"):
        assert ask(cluster, "create", "pods", "default", body=pod(name)).code == 201
    cache = cluster.scheduler.pod_informer.cache
    tolerations = [cache[f"default/{name}"]["spec"]["tolerations"] for name in "abcd"]
    assert tolerations[0] == tolerations[1] == tolerations[2] == tolerations[3]
    assert tolerations[0] is not tolerations[1]  # two pods: each decoded on its own
    assert tolerations[2] is tolerations[3]  # from the third on, held once


def test_a_watch_on_one_nodes_pods_sees_only_that_nodes_pods():
    cluster = Cluster()
    seen: dict[str, list[tuple[str, str]]] = {"node-1": [], "node-2": []}
    for node, events in seen.items():
        request = Request(
            "watch",
            "pods",
            credential=cluster.admin,
            query={"fieldSelector": f"spec.nodeName={node}"},
        )
        cluster.apiserver.watch(
            request, lambda kind, pod, events=events: events.append((kind, pod["metadata"]["name"]))
        )
    for name, node in (("a", "node-1"), ("b", "node-2")):
        body = pod(name)
        body["spec"]["nodeName"] = node
        ask(cluster, "create", "pods", "default", body=body)
    cluster.run_until_idle()
    assert {name for _, name in seen["node-1"]} == {"a"}
    assert {name for _, name in seen["node-2"]} == {"b"}
    assert seen["node-1"][0] == ("ADDED", "a")


def test_no_component_changes_the_objects_its_watches_share(monkeypatch):
    """Watchers share one decoded object per event, as shared informers do: none may
    change it (a rollout, a crash loop and deletions exercise every controller)."""
    shared = []
    init = SharedEvent.__init__

    def remember(self, *args):
        init(self, *args)
        shared.append(self)

    monkeypatch.setattr(SharedEvent, "__init__", remember)
    cluster = Cluster()
    labels = {"app": "web"}
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]},
            },
        },
    }
    ask(cluster, "create", "deployments", "default", body=deployment)
    cluster.run_until_idle()
    current = ask(cluster, "get", "deployments", "default", "web").body
    current["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.28"
    ask(cluster, "update", "deployments", "default", "web", body=current)
    ask(cluster, "create", "pods", "default", body=pod("crash", "kubelab/crashloop"))
    cluster.advance_to(cluster.clock.now + 90_000)
    ask(
        cluster,
        "delete",
        "deployments",
        "default",
        "web",
        query={"propagationPolicy": "Foreground"},
    )
    cluster.advance_to(cluster.clock.now + 60_000)
    decoded = [event for event in shared if event.obj is not None]
    assert len(decoded) > 100
    assert all(event.obj == server.decode(event.kv) for event in decoded)


def test_a_non_resource_url_is_authenticated_and_authorized_only(cluster):
    mark = cluster.trace.last_seq
    response = ask(cluster, "get", "", url="/apis")
    assert (response.code, response.body["status"]) == (200, "Success")
    assert [(h.source, h.destination) for h in cluster.trace.since(mark)] == [
        ("kubectl", "authentication"),
        ("authentication", "authorization"),
        ("authorization", "kube-apiserver"),
    ]
    refused = ask(cluster, "get", "", url="/version", credential=Credential("token", "bad"))
    assert (refused.code, refused.body["reason"]) == (401, "Unauthorized")


def test_a_resource_nothing_serves_is_authenticated_and_authorized_before_its_404(cluster):
    kubelet = cluster.nodes["node-1"].kubelet.client.credential
    unserved = {"url": "/apis/example.com/v1/foos", "served": False}
    refused = ask(cluster, "list", "foos.example.com", credential=kubelet, **unserved)
    assert (refused.code, refused.body["message"]) == (
        403,
        'foos.example.com is forbidden: User "system:node:node-1" cannot list resource "foos" '
        'in API group "example.com" at the cluster scope',
    )
    bad = Credential("token", "bad")
    assert ask(cluster, "list", "foos.example.com", credential=bad, **unserved).code == 401
    mark = cluster.trace.last_seq
    found = ask(cluster, "list", "foos.example.com", **unserved)
    assert (found.code, found.body["message"]) == (
        404,
        "the server could not find the requested resource",
    )
    [asked, *_] = cluster.trace.since(mark)
    assert asked.summary == "GET /apis/example.com/v1/foos"


def test_a_node_may_read_discovery_but_no_other_non_resource_url(cluster):
    kubelet = cluster.nodes["node-1"].kubelet.client.credential
    assert ask(cluster, "get", "", url="/api", credential=kubelet).code == 200
    refused = ask(cluster, "get", "", url="/metrics", credential=kubelet)
    assert (refused.code, refused.body["message"]) == (
        403,
        'forbidden: User "system:node:node-1" cannot get path "/metrics"',
    )


def test_deleting_a_collection_deletes_what_it_selects_and_answers_the_list(cluster):
    for name, tier in (("a", "x"), ("b", "x"), ("c", "y")):
        body = {"metadata": {"name": name, "labels": {"tier": tier}}}
        assert ask(cluster, "create", "configmaps", "default", body=body).code == 201
    response = ask(
        cluster, "deletecollection", "configmaps", "default", query={"labelSelector": "tier=x"}
    )
    assert (response.code, response.body["kind"]) == (200, "ConfigMapList")
    assert [item["metadata"]["name"] for item in response.body["items"]] == ["a", "b"]
    left = ask(cluster, "list", "configmaps", "default", query={"labelSelector": "tier"})
    assert [item["metadata"]["name"] for item in left.body["items"]] == ["c"]


@pytest.mark.parametrize(
    ("include", "wanted"),
    [
        ("", "PartialObjectMetadata"),
        ("Metadata", "PartialObjectMetadata"),
        ("Object", "Namespace"),
        ("None", None),
    ],
)
def test_a_tables_rows_carry_the_object_as_include_object_asks(cluster, include, wanted):
    query = {"accept": "application/json;as=Table;v=v1;g=meta.k8s.io", "includeObject": include}
    table = ask(cluster, "list", "namespaces", query=query).body
    objects = [row["object"] for row in table["rows"]]
    assert [obj and obj["kind"] for obj in objects] == [wanted] * len(objects)
    single = ask(cluster, "get", "namespaces", name="default", query=query).body
    assert (single["rows"][0]["object"] or {}).get("kind") == wanted


def test_an_include_object_kubernetes_does_not_know_is_a_400(cluster):
    query = {"accept": "application/json;as=Table;v=v1;g=meta.k8s.io", "includeObject": "All"}
    response = ask(cluster, "list", "namespaces", query=query)
    assert (response.code, response.body["message"]) == (
        400,
        'unrecognized includeObject value: "All"',
    )


def test_a_request_the_server_trips_over_is_a_500_not_a_crash(cluster, monkeypatch):
    def trip(kind, obj):
        raise KeyError("spec")

    monkeypatch.setattr("cluster.engine.apiserver.strategy.canonicalize", trip)
    response = ask(cluster, "create", "pods", "default", body=pod("odd"))
    assert (response.code, response.body["reason"]) == (500, "InternalError")
    assert response.body["message"] == "Internal error occurred: 'spec'"
    assert ask(cluster, "get", "pods", "default", "odd").code == 404


def test_a_pod_condition_without_times_is_stored_with_null_times(cluster):
    assert ask(cluster, "create", "pods", "default", body=pod("gated")).code == 201
    body = {"status": {"conditions": [{"type": "example.com/gate", "status": "True"}]}}
    response = ask(
        cluster, "patch", "pods", "default", "gated", subresource="status", body=body,
        content_type="application/strategic-merge-patch+json",
    )  # fmt: skip
    conditions = response.body["status"]["conditions"]
    assert next(c for c in conditions if c["type"] == "example.com/gate") == {
        "type": "example.com/gate",
        "status": "True",
        "lastProbeTime": None,
        "lastTransitionTime": None,
    }
