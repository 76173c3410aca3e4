"""The Kubernetes REST API of a cluster on a real stack (`kubelab up`): the official Python
client over plain http on the web port, the real kubectl over verified https on the API port,
and raw requests for what neither would send."""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from kubernetes import client

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run
from tests.stack import PROJECT_ROOT, KubeLab, python_env
from tests.stack import real_kubectl as kubectl

AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
UNAUTHORIZED = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": "Unauthorized",
    "reason": "Unauthorized",
    "code": 401,
}


@pytest.fixture(scope="module")
def base(lab: KubeLab) -> str:
    """The cluster's API on the web port, as the Python client is pointed at it."""
    return f"{lab.url}k8s/admin/default"


@pytest.fixture(scope="module")
def api(base: str, token: str) -> client.ApiClient:
    config = client.Configuration(host=base, api_key={"authorization": f"Bearer {token}"})
    return client.ApiClient(config)


@pytest.fixture(scope="module")
def someone_else(lab: KubeLab) -> str:
    """The API token of another KubeLab user, who has a cluster `default` of their own (its
    record: nobody here gets as far as its engine)."""
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from cluster.models import ApiToken, Cluster\n"
        "user = get_user_model().objects.create(username='bob')\n"
        "Cluster.objects.create(owner=user, name='default', seed=1, epoch=0, admin_token='x')\n"
        "print(ApiToken.issue(user))\n"
    )
    env = python_env()
    env.update(KUBELAB_DATA_DIR=str(lab.data_dir), DJANGO_SETTINGS_MODULE="kubelab.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def http(
    url: str, token: str = "", method: str = "GET", body: bytes | None = None, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """A raw request: its status, headers and body, errors included."""
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# -- the Python client ------------------------------------------------------------------------


def test_the_python_client_creates_gets_replaces_patches_lists_and_deletes(
    api: client.ApiClient,
) -> None:
    core = client.CoreV1Api(api)
    created = core.create_namespaced_config_map(
        "default", {"metadata": {"name": "settings", "labels": {"app": "web"}}, "data": {"a": "1"}}
    )
    assert (created.kind, created.metadata.namespace) == ("ConfigMap", "default")
    got = core.read_namespaced_config_map("settings", "default")
    assert got.metadata.uid == created.metadata.uid
    got.data["b"] = "2"
    replaced = core.replace_namespaced_config_map("settings", "default", got)
    assert replaced.data == {"a": "1", "b": "2"}
    assert int(replaced.metadata.resource_version) > int(created.metadata.resource_version)
    patched = core.patch_namespaced_config_map("settings", "default", {"data": {"c": "3"}})
    assert patched.data == {"a": "1", "b": "2", "c": "3"}
    listed = core.list_namespaced_config_map("default", label_selector="app=web")
    assert [c.metadata.name for c in listed.items] == ["settings"]
    status = core.delete_namespaced_config_map("settings", "default")
    assert (status["status"], status["details"]["name"]) == ("Success", "settings")
    with pytest.raises(client.ApiException) as missing:
        core.read_namespaced_config_map("settings", "default")
    assert missing.value.status == 404
    assert json.loads(missing.value.body)["message"] == 'configmaps "settings" not found'


def test_a_replace_with_a_stale_resource_version_is_a_conflict(api: client.ApiClient) -> None:
    core = client.CoreV1Api(api)
    first = core.create_namespaced_config_map("default", {"metadata": {"name": "stale"}})
    core.patch_namespaced_config_map("stale", "default", {"data": {"x": "1"}})
    with pytest.raises(client.ApiException) as conflict:
        core.replace_namespaced_config_map("stale", "default", first)
    assert conflict.value.status == 409
    assert json.loads(conflict.value.body)["reason"] == "Conflict"


def test_a_deployment_goes_through_the_apps_group(api: client.ApiClient) -> None:
    apps = client.AppsV1Api(api)
    template = {"metadata": {"labels": {"app": "hello"}}, "spec": {"containers": []}}
    template["spec"]["containers"].append({"name": "c", "image": "nginx"})
    deployment = {
        "metadata": {"name": "hello"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "hello"}},
            "template": template,
        },
    }
    created = apps.create_namespaced_deployment("default", deployment)
    assert (created.api_version, created.kind) == ("apps/v1", "Deployment")
    scale = apps.read_namespaced_deployment_scale("hello", "default")
    assert (scale.kind, scale.spec.replicas) == ("Scale", 1)
    apps.delete_namespaced_deployment("hello", "default")


def test_deleting_a_collection_deletes_what_its_selector_selects(api: client.ApiClient) -> None:
    core = client.CoreV1Api(api)
    for name, tier in (("one", "cache"), ("two", "cache"), ("three", "db")):
        core.create_namespaced_config_map(
            "default", {"metadata": {"name": name, "labels": {"tier": tier}}}
        )
    core.delete_collection_namespaced_config_map("default", label_selector="tier=cache")
    left = core.list_namespaced_config_map("default", label_selector="tier")
    assert [c.metadata.name for c in left.items] == ["three"]


def test_the_python_client_discovers_the_version_groups_and_resources(
    api: client.ApiClient,
) -> None:
    assert client.VersionApi(api).get_code().git_version == "v1.37.1"
    assert client.CoreApi(api).get_api_versions().versions == ["v1"]
    groups = [g.name for g in client.ApisApi(api).get_api_versions().groups]
    assert groups[0] == "apps" and "rbac.authorization.k8s.io" in groups
    pods = next(r for r in client.CoreV1Api(api).get_api_resources().resources if r.name == "pods")
    assert (pods.kind, pods.namespaced, pods.short_names) == ("Pod", True, ["po"])


def test_what_the_rest_api_writes_the_built_in_kubectl_reads(
    api: client.ApiClient, lab: KubeLab
) -> None:
    client.CoreV1Api(api).create_namespaced_config_map("default", {"metadata": {"name": "shared"}})
    result = lab.kubectl("get", "configmap", "shared", "-o", "name")
    assert (result.returncode, result.stdout) == (0, "configmap/shared\n")


# -- who may ask ------------------------------------------------------------------------------


def test_a_request_without_a_token_or_with_a_bad_one_is_401(base: str) -> None:
    for token in ("", "not-a-token"):
        code, headers, body = http(f"{base}/api/v1/namespaces/default/pods", token)
        assert (code, json.loads(body)) == (401, UNAUTHORIZED)
        assert headers["Cache-Control"] == "no-cache, private"


def test_someone_elses_token_can_neither_read_nor_change_a_cluster(
    base: str, someone_else: str
) -> None:
    code, _, body = http(f"{base}/api/v1/namespaces/default/configmaps", someone_else)
    assert (code, json.loads(body)) == (401, UNAUTHORIZED)
    created = json.dumps({"metadata": {"name": "intruder"}}).encode()
    code, _, body = http(
        f"{base}/api/v1/namespaces/default/configmaps",
        someone_else,
        "POST",
        created,
        **{"Content-Type": "application/json"},
    )
    assert (code, json.loads(body)) == (401, UNAUTHORIZED)


def test_the_owner_cannot_reach_someone_elses_cluster_either(
    lab: KubeLab, token: str, someone_else: str
) -> None:
    for cluster in ("default", "nope"):  # theirs, and one nobody has: the same answer
        code, _, body = http(f"{lab.url}k8s/bob/{cluster}/api/v1/namespaces", token)
        assert (code, json.loads(body)) == (401, UNAUTHORIZED)


def test_an_unknown_cluster_is_404_for_its_owner_and_401_for_anyone_else(
    lab: KubeLab, token: str, someone_else: str
) -> None:
    code, _, body = http(f"{lab.url}k8s/admin/nope/api/v1/namespaces", token)
    assert (code, json.loads(body)["reason"], json.loads(body)["message"]) == (
        404,
        "NotFound",
        'clusters "nope" not found',
    )
    code, _, body = http(f"{lab.url}k8s/admin/nope/api/v1/namespaces", someone_else)
    assert (code, json.loads(body)) == (401, UNAUTHORIZED)


def test_a_bad_token_is_refused_by_the_clusters_authenticator_even_for_discovery(
    base: str, kubeconfig: Path
) -> None:
    for path in ("/api", "/apis", "/version", "/openapi/v3", "/healthz"):
        code, _, body = http(base + path, "not-a-token")
        assert (code, json.loads(body)) == (401, UNAUTHORIZED)
    config = kubeconfig.parent / "bad-token"
    config.write_text(re.sub(r"token: .*", "token: not-a-token", kubeconfig.read_text()))
    result = kubectl(config, "get", "pods")
    assert result.returncode == 1
    assert result.stderr.endswith(
        "error: You must be logged in to the server "
        "(the server has asked for the client to provide credentials)\n"
    )


# -- what kube-apiserver refuses --------------------------------------------------------------


def test_malformed_json_is_a_400_status_in_kube_apiservers_words(base: str, token: str) -> None:
    code, headers, body = http(
        f"{base}/api/v1/namespaces/default/pods",
        token,
        "POST",
        b'{"metadata": {',
        **{"Content-Type": "application/json"},
    )
    assert code == 400
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": "the object provided is unrecognized (must be of type Pod): couldn't get "
        'version/kind; json parse error: unexpected end of JSON input ({"metadata": {)',
        "reason": "BadRequest",
        "code": 400,
    }


def test_a_body_over_the_limit_is_413(base: str, token: str) -> None:
    body = b'{"data":{"a":"' + b"x" * (3 * 1024 * 1024) + b'"}}'
    code, _, answer = http(
        f"{base}/api/v1/namespaces/default/configmaps",
        token,
        "POST",
        body,
        **{"Content-Type": "application/json"},
    )
    assert (code, json.loads(answer)["reason"]) == (413, "RequestEntityTooLarge")


def test_a_path_nothing_serves_is_404(base: str, token: str) -> None:
    code, _, body = http(f"{base}/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas", token)
    assert (code, json.loads(body)["message"]) == (
        404,
        "the server could not find the requested resource",
    )


def test_unknown_fields_are_warned_of_when_asked(base: str, token: str) -> None:
    code, headers, _ = http(
        f"{base}/api/v1/namespaces/default/configmaps?fieldValidation=Warn",
        token,
        "POST",
        b'{"metadata":{"name":"warned"},"bogus":1}',
        **{"Content-Type": "application/json"},
    )
    assert (code, headers["Warning"]) == (201, '299 - "unknown field \\"bogus\\""')


def test_curl_gets_indented_json_and_other_clients_compact_json(base: str, token: str) -> None:
    url = f"{base}/api/v1/namespaces/default"
    _, _, compact = http(url, token)
    assert compact.startswith(b'{"kind":"Namespace","apiVersion":"v1","metadata":{')
    _, _, indented = http(url, token, **{"User-Agent": "curl/8.5.0"})
    assert indented.startswith(b'{\n  "kind": "Namespace",\n  "apiVersion": "v1",\n')
    _, _, asked = http(url + "?pretty=true", token)
    assert asked == indented


# -- discovery and OpenAPI --------------------------------------------------------------------


def test_aggregated_discovery_is_served_with_its_own_content_type(base: str, token: str) -> None:
    code, headers, body = http(f"{base}/apis", token, Accept=f"{AGGREGATED},application/json")
    assert (code, headers["Content-Type"]) == (200, AGGREGATED)
    document = json.loads(body)
    assert document["kind"] == "APIGroupDiscoveryList"
    assert document["items"][0]["metadata"] == {"name": "apps"}


def test_aggregated_discovery_carries_an_etag_the_client_may_revalidate(
    base: str, token: str
) -> None:
    code, headers, _ = http(f"{base}/api", token, Accept=AGGREGATED)
    assert (code, headers["Cache-Control"], headers["Vary"]) == (200, "public", "Accept")
    again, cached, body = http(
        f"{base}/api", token, Accept=AGGREGATED, **{"If-None-Match": headers["ETag"]}
    )
    assert (again, body) == (304, b"")
    assert "Content-Type" not in cached  # a cache keeps the stored document's type


def test_a_path_outside_the_api_is_a_404_status(base: str, token: str) -> None:
    code, _, body = http(f"{base}/foo/bar", token, method="POST")
    assert (code, json.loads(body)["reason"]) == (404, "NotFound")


def test_a_path_nothing_serves_is_authenticated_and_authorized_before_its_404(
    base: str, token: str
) -> None:
    code, _, body = http(f"{base}/foo/bar", "not-a-token", method="POST")
    assert (code, json.loads(body)) == (401, UNAUTHORIZED)
    robot = {"Impersonate-User": "system:serviceaccount:default:robot"}
    code, _, body = http(f"{base}/foo/bar", token, method="POST", **robot)
    assert (code, json.loads(body)["message"]) == (
        403,
        'forbidden: User "system:serviceaccount:default:robot" cannot post path "/foo/bar"',
    )


def test_a_resource_path_nothing_serves_is_judged_as_the_resource_request_it_reads(
    base: str, token: str
) -> None:
    """The filters read /apis/apps/v1/namespaces/default/foos as a list of foos.apps, and
    refuse it before the router finds nothing there."""
    path = f"{base}/apis/apps/v1/namespaces/default/foos"
    assert http(path, "not-a-token")[:1] == (401,)
    robot = {"Impersonate-User": "system:serviceaccount:default:robot"}
    code, _, body = http(path, token, **robot)
    assert (code, json.loads(body)["message"]) == (
        403,
        'foos.apps is forbidden: User "system:serviceaccount:default:robot" cannot list '
        'resource "foos" in API group "apps" in the namespace "default"',
    )
    code, _, body = http(f"{base}/api/v1/namespaces/default/pods/web/nonsense", token, **robot)
    assert (code, json.loads(body)["message"]) == (
        403,
        'pods "web" is forbidden: User "system:serviceaccount:default:robot" cannot get '
        'resource "pods/nonsense" in API group "" in the namespace "default"',
    )
    assert http(path, token)[:1] == (404,)  # the owner may do anything: the router answers


def test_the_owner_acting_as_someone_else_is_authorized_as_them_for_discovery(
    base: str, token: str
) -> None:
    anonymous = {"Impersonate-User": "system:anonymous"}
    code, _, body = http(f"{base}/api", token, **anonymous)
    assert (code, json.loads(body)["message"]) == (
        403,
        'forbidden: User "system:anonymous" cannot get path "/api"',
    )
    assert http(f"{base}/version", token, **anonymous)[0] == 200  # system:public-info-viewer


def test_the_clusters_root_lists_its_paths(base: str, token: str) -> None:
    code, _, body = http(f"{base}/", token)
    assert code == 200
    assert {"/api", "/apis/apps/v1", "/openapi/v3"} <= set(json.loads(body)["paths"])


def test_health_checks_answer_ok(base: str, token: str) -> None:
    for path in ("/healthz", "/livez", "/readyz", "/readyz/ping"):
        code, headers, body = http(base + path, token)
        assert (code, headers["Content-Type"], body) == (200, "text/plain; charset=utf-8", b"ok")


def test_health_checks_say_each_check_when_verbose(base: str, token: str) -> None:
    code, _, body = http(f"{base}/readyz?verbose&exclude=etcd", token)
    lines = body.decode().splitlines()
    assert code == 200
    assert lines[:4] == ["[+]ping ok", "[+]log ok", "[+]etcd excluded: ok", "[+]etcd-readiness ok"]
    assert "[+]poststarthook/rbac/bootstrap-roles ok" in lines
    assert lines[-2:] == ["[+]shutdown ok", "readyz check passed"]
    assert http(f"{base}/livez/poststarthook/rbac/bootstrap-roles", token)[2] == b"ok"
    assert http(f"{base}/livez/nope", token)[:1] == (404,)


def test_the_openapi_index_points_at_documents_under_the_clusters_path(
    base: str, token: str
) -> None:
    code, _, body = http(f"{base}/openapi/v3", token)
    assert code == 200
    url = json.loads(body)["paths"]["api/v1"]["serverRelativeURL"]
    assert url.startswith("/k8s/admin/default/openapi/v3/api/v1?hash=")
    origin = base.removesuffix("/k8s/admin/default")
    code, headers, document = http(origin + url, token)
    assert (code, headers["Content-Type"]) == (200, "application/json")
    assert headers["ETag"] == f'"{url.rpartition("hash=")[2]}"'
    assert "io.k8s.api.core.v1.Pod" in json.loads(document)["components"]["schemas"]


# -- the real kubectl -------------------------------------------------------------------------


def test_kubectl_version_prints_client_and_server(kubeconfig: Path) -> None:
    result = kubectl(kubeconfig, "version")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Client Version: v1.37.1\nKustomize Version: v5.8.1\nServer Version: v1.37.1\n"
    )


def test_kubectl_runs_gets_and_deletes_a_pod(kubeconfig: Path) -> None:
    assert kubectl(kubeconfig, "run", "web", "--image=nginx").stdout == "pod/web created\n"
    table = kubectl(kubeconfig, "get", "pods").stdout.splitlines()
    assert table[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    # other tests' pods may still be going (a deleted Deployment's, collected in the background)
    [row] = [line.split() for line in table[1:] if line.split()[0] == "web"]
    assert row[:2] == ["web", "0/1"] or row[:2] == ["web", "1/1"]
    as_yaml = kubectl(kubeconfig, "get", "pod", "web", "-o", "yaml").stdout
    assert as_yaml.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n")
    assert "  name: web\n  namespace: default\n" in as_yaml
    deleted = kubectl(kubeconfig, "delete", "pod", "web", "--wait=false")
    assert (deleted.returncode, deleted.stdout) == (0, 'pod "web" deleted from default namespace\n')


def test_kubectl_get_nodes_lists_the_control_plane_and_the_workers(kubeconfig: Path) -> None:
    rows = [line.split() for line in kubectl(kubeconfig, "get", "nodes").stdout.splitlines()]
    assert rows[0] == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert [(r[0], r[2], r[4]) for r in rows[1:]] == [
        ("control-plane", "control-plane", "v1.37.1"),
        ("node-1", "<none>", "v1.37.1"),
        ("node-2", "<none>", "v1.37.1"),
    ]


def test_kubectl_creates_from_a_file_and_gets_it_back(kubeconfig: Path) -> None:
    manifest = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n"
        "  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n"
        "      labels: {app: api}\n    spec:\n      containers:\n      - name: api\n"
        "        image: nginx\n"
    )
    created = kubectl(kubeconfig, "create", "-f", "-", stdin=manifest)
    assert (created.returncode, created.stdout) == (0, "deployment.apps/api created\n")
    got = kubectl(kubeconfig, "get", "deployment", "api", "-o", "jsonpath={.spec.replicas}")
    assert got.stdout == "2"


def test_kubectl_reports_a_missing_object_as_kube_apiserver_words_it(kubeconfig: Path) -> None:
    result = kubectl(kubeconfig, "get", "pod", "nope")
    assert (result.returncode, result.stderr) == (
        1,
        'Error from server (NotFound): pods "nope" not found\n',
    )


def test_kubectl_api_resources_lists_what_a_real_cluster_lists(kubeconfig: Path) -> None:
    rows = [line.split() for line in kubectl(kubeconfig, "api-resources").stdout.splitlines()]
    assert rows[0] == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    assert ["pods", "po", "v1", "true", "Pod"] in rows
    assert ["nodes", "no", "v1", "false", "Node"] in rows
    assert ["deployments", "deploy", "apps/v1", "true", "Deployment"] in rows
    assert ["clusterroles", "rbac.authorization.k8s.io/v1", "false", "ClusterRole"] in rows
    assert ["cronjobs", "cj", "batch/v1", "true", "CronJob"] in rows
    assert ["jobs", "batch/v1", "true", "Job"] in rows
    assert ["daemonsets", "ds", "apps/v1", "true", "DaemonSet"] in rows
    assert ["controllerrevisions", "apps/v1", "true", "ControllerRevision"] in rows
    categories = kubectl(kubeconfig, "api-resources", "--categories=all", "-o", "name")
    assert categories.stdout == (
        "pods\nreplicationcontrollers\nservices\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\n"
        "statefulsets.apps\n"
        "horizontalpodautoscalers.autoscaling\ncronjobs.batch\njobs.batch\n"
    )
    group = "admissionregistration.k8s.io/v1"
    assert ["validatingadmissionpolicies", group, "false", "ValidatingAdmissionPolicy"] in rows
    assert [
        "validatingadmissionpolicybindings",
        group,
        "false",
        "ValidatingAdmissionPolicyBinding",
    ] in rows
    extensions = kubectl(kubeconfig, "api-resources", "--categories=api-extensions", "-o", "name")
    assert extensions.stdout == (
        "validatingadmissionpolicies.admissionregistration.k8s.io\n"
        "validatingadmissionpolicybindings.admissionregistration.k8s.io\n"
        "customresourcedefinitions.apiextensions.k8s.io\n"
    )


def test_kubectl_applies_patches_and_scales_through_patch_requests(kubeconfig: Path) -> None:
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: '{}'\n"
    first = kubectl(kubeconfig, "apply", "-f", "-", stdin=manifest.format(1))
    assert (first.returncode, first.stdout) == (0, "configmap/applied created\n")
    again = kubectl(kubeconfig, "apply", "-f", "-", stdin=manifest.format(2))
    assert (again.returncode, again.stdout) == (0, "configmap/applied configured\n")
    patched = kubectl(kubeconfig, "patch", "configmap", "applied", "--type=json", "-p",
                      '[{"op":"add","path":"/data/b","value":"3"}]')  # fmt: skip
    assert patched.stdout == "configmap/applied patched\n"
    data = kubectl(kubeconfig, "get", "configmap", "applied", "-o", "jsonpath={.data}")
    assert json.loads(data.stdout) == {"a": "2", "b": "3"}
    kubectl(kubeconfig, "create", "deployment", "scaled", "--image=nginx")
    scaled = kubectl(kubeconfig, "scale", "deployment", "scaled", "--replicas=3")
    assert (scaled.returncode, scaled.stdout) == (0, "deployment.apps/scaled scaled\n")


POLICY = """\
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: [apps]
      apiVersions: [v1]
      operations: [CREATE, UPDATE]
      resources: [deployments]
  validations:
  - expression: object.spec.replicas <= 5
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replica-limit-binding
spec:
  policyName: replica-limit
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels: {environment: test}
"""


def test_kubectl_applies_gets_and_patches_validating_admission_policies(kubeconfig: Path) -> None:
    applied = kubectl(kubeconfig, "apply", "-f", "-", stdin=POLICY)
    assert (applied.returncode, applied.stdout) == (
        0,
        "validatingadmissionpolicy.admissionregistration.k8s.io/replica-limit created\n"
        "validatingadmissionpolicybinding.admissionregistration.k8s.io/replica-limit-binding "
        "created\n",
    )
    rows = kubectl(kubeconfig, "get", "validatingadmissionpolicies").stdout.splitlines()
    assert [row.split()[:3] for row in rows] == [
        ["NAME", "VALIDATIONS", "PARAMKIND"],
        ["replica-limit", "1", "<unset>"],
    ]
    rows = kubectl(kubeconfig, "get", "validatingadmissionpolicybindings").stdout.splitlines()
    assert [row.split()[:3] for row in rows] == [
        ["NAME", "POLICYNAME", "PARAMREF"],
        ["replica-limit-binding", "replica-limit", "<unset>"],
    ]
    patch = '{"spec":{"matchConditions":[{"name":"not-admin","expression":"has(object.spec)"}]}}'
    patched = kubectl(
        kubeconfig, "patch", "validatingadmissionpolicy", "replica-limit", "-p", patch
    )
    assert patched.stdout == (
        "validatingadmissionpolicy.admissionregistration.k8s.io/replica-limit patched\n"
    )
    got = kubectl(kubeconfig, "get", "validatingadmissionpolicy", "replica-limit", "-o",
                  "jsonpath={.metadata.generation} {.spec.failurePolicy} {.status}")  # fmt: skip
    assert got.stdout == '2 Fail {"observedGeneration":2,"typeChecking":{}}'  # type checked
    refused = kubectl(kubeconfig, "patch", "validatingadmissionpolicybinding",
                      "replica-limit-binding", "--type=merge", "-p",
                      '{"spec":{"validationActions":["Deny","Warn"]}}')  # fmt: skip
    assert (refused.returncode, refused.stderr) == (
        1,
        'The ValidatingAdmissionPolicyBinding "replica-limit-binding" is invalid: '
        'spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and '
        "Warn (repeating the same validation failure information in the API response and headers "
        "serves no purpose)\n",
    )


def test_kubectl_explains_a_policys_spec_as_the_built_in_kubectl(kubeconfig: Path) -> None:
    result = kubectl(kubeconfig, "explain", "validatingadmissionpolicy.spec")
    assert result.returncode == 0, result.stderr
    assert result.stdout == run(Cluster(), "explain", "validatingadmissionpolicy.spec").stdout


def test_kubectl_explain_reads_the_openapi_documents(kubeconfig: Path) -> None:
    result = kubectl(kubeconfig, "explain", "pods.spec.restartPolicy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\n"
        "ENUM:\n    Always\n    Never\n    OnFailure\n\nDESCRIPTION:\n"
    )


def test_kubectl_explain_prints_kubernetes_whole_description(kubeconfig: Path) -> None:
    result = kubectl(kubeconfig, "explain", "deployment.spec.replicas")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n"
        "FIELD: replicas <integer>\n\n\nDESCRIPTION:\n"
        "    Number of desired pods. This is a pointer to distinguish between explicit\n"
        "    zero and not specified. Defaults to 1.\n    \n\n"
    )
