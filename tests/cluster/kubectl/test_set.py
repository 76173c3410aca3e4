"""kubectl set image, env and resources: a pod template changed by a strategic merge patch."""

import json

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl import helptexts
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx:1.26")
    cluster.run_until_idle()
    return cluster


def container(cluster: Cluster) -> dict:
    deployment = json.loads(run(cluster, "get", "deploy", "web", "-o", "json").stdout)
    return deployment["spec"]["template"]["spec"]["containers"][0]


def test_image_updated_rolls_out_and_a_repeat_prints_nothing(cluster):
    result = run(cluster, "set", "image", "deployment/web", "nginx=nginx:1.27")
    assert (result.stdout, result.stderr) == ("deployment.apps/web image updated\n", "")
    assert container(cluster)["image"] == "nginx:1.27"
    assert run(cluster, "set", "image", "deployment/web", "nginx=nginx:1.27").stdout == ""
    cluster.run_until_idle()
    assert (
        run(cluster, "rollout", "history", "deploy/web").stdout.splitlines()[-2]
        == "2         <none>"
    )


def test_unknown_containers_are_each_an_error(cluster):
    result = run(cluster, "set", "image", "deployment/web", "nope=x", "other=y")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr == (
        'error: unable to find container named "nope"\nerror: unable to find container named "other"\n'
    )
    assert run(cluster, "set", "image", "cm/x", "a=b").stderr == (
        'Error from server (NotFound): configmaps "x" not found\n'
    )


def test_env_set_listed_and_removed(cluster):
    assert run(cluster, "set", "env", "deployment/web", "MODE=fast").stdout == (
        "deployment.apps/web env updated\n"
    )
    assert run(cluster, "set", "env", "deployment/web", "--list").stdout == (
        "# Deployment web, container nginx\nMODE=fast\n"
    )
    assert container(cluster)["env"] == [{"name": "MODE", "value": "fast"}]
    assert (
        run(cluster, "set", "env", "deployment/web", "MODE-").stdout
        == "deployment.apps/web env updated\n"
    )
    assert "env" not in container(cluster)
    quiet = run(cluster, "set", "env", "deployment/web", "A=1", "-c", "nope")
    assert (quiet.stdout, quiet.stderr, quiet.exit_code) == (
        "",
        'Warning: Deployment/web does not have any containers matching "nope"\n',
        0,
    )


def test_resources(cluster):
    result = run(cluster, "set", "resources", "deployment/web", "--limits=cpu=200m,memory=512Mi")
    assert result.stdout == "deployment.apps/web resource requirements updated\n"
    assert container(cluster)["resources"] == {"limits": {"cpu": "200m", "memory": "512Mi"}}
    assert run(cluster, "set", "resources", "deployment/web").stderr == (
        "error: you must specify an update to requests or limits (in the form of --requests/--limits)\n"
    )


def test_the_group_without_a_subcommand_prints_its_help(cluster):
    result = run(cluster, "set")
    assert (result.stdout, result.stderr, result.exit_code) == ("", helptexts.SET, 1)
    assert run(cluster, "set", "image", "deployment/web").stderr == (
        "error: at least one image update is required\n"
    )


def test_env_from_a_configmap_refers_to_its_keys() -> None:
    cluster = Cluster()
    run(cluster, "create", "deployment", "e", "--image=nginx")
    run(cluster, "create", "configmap", "cfg", "--from-literal=my.key=1")
    result = run(cluster, "set", "env", "deploy/e", "--from=configmap/cfg")
    assert result.stderr == "Warning: key my.key transferred to MY_KEY\n"
    assert run(cluster, "set", "env", "deploy/e", "--list").stdout == (
        "# Deployment e, container nginx\n# MY_KEY from configmap cfg, key my.key\n"
    )


def test_set_serviceaccount_changes_the_pod_templates_account():
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx")
    run(cluster, "create", "serviceaccount", "builder")
    assert run(cluster, "set", "sa", "deploy/web", "builder").stdout == (
        "deployment.apps/web serviceaccount updated\n"
    )
    template = "jsonpath={.spec.template.spec.serviceAccountName}"
    assert run(cluster, "get", "deploy", "web", "-o", template).stdout == "builder"
    assert run(cluster, "set", "serviceaccount").stderr == "error: serviceaccount is required\n"


def test_set_subject_adds_each_subject_once():
    cluster = Cluster()
    run(cluster, "create", "rolebinding", "rb", "--clusterrole=view", "--user=jane")
    added = run(
        cluster,
        "set",
        "subject",
        "rolebinding",
        "rb",
        "--user=jane",
        "--group=devs",
        "--serviceaccount=default:builder",
    )
    assert added.stdout == "rolebinding.rbac.authorization.k8s.io/rb subject updated\n"
    kinds = run(cluster, "get", "rolebinding", "rb", "-o", "jsonpath={.subjects[*].kind}")
    assert kinds.stdout == "User Group ServiceAccount"
    refused = run(cluster, "set", "subject", "rolebinding", "rb")
    assert refused.stderr == (
        "error: you must specify at least one value of user, group or serviceaccount\n"
    )


def test_selector_replaces_a_service_s_selector_with_equalities_only(cluster):
    assert run(cluster, "create", "service", "clusterip", "web", "--tcp=80").exit_code == 0
    result = run(cluster, "set", "selector", "svc", "web", "app=x,tier=y")
    assert (result.stdout, result.stderr) == ("service/web selector updated\n", "")
    shown = run(cluster, "get", "svc", "web", "-o", "jsonpath={.spec.selector}").stdout
    assert shown == '{"app":"x","tier":"y"}'
    refusals = {
        "": "error: one selector is required",
        "app=x": "error: You must provide one or more resources by argument or filename.",
        "deploy web app=x": "error: setting a selector is only supported for Services",
        "svc web b,app in (y,x)": (
            "error: match expression [{app In [x y]} {b Exists []}] not supported on this object"
        ),
        "svc web a!=b": 'error: "!=" is not a valid label selector operator',
        "svc web a>1": 'error: "gt" isn\'t supported in label selectors',
        "svc web bad=a=b": (
            "error: couldn't parse the selector string \"bad=a=b\": found '=', expected: "
            "',' or 'end of string'"
        ),
    }
    for args, error in refusals.items():
        words = ["svc", "web", args.removeprefix("svc web ")] if "in (" in args else args.split()
        assert run(cluster, "set", "selector", *words).stderr.startswith(error + "\n"), args
    conflict = run(cluster, "set", "selector", "svc", "web", "app=z", "--resource-version=1")
    assert conflict.stderr.startswith("Error from server (Conflict): Operation cannot be fulfilled")


def test_local_changes_the_objects_of_files_without_the_server(cluster):
    manifest = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: loc}\nspec:\n"
        "  selector: {matchLabels: {app: loc}}\n  template:\n    metadata: {labels: {app: loc}}\n"
        "    spec: {containers: [{name: c, image: nginx}]}\n"
    )
    files = {"loc.yaml": manifest}

    def local(*argv: str):
        return kubectl(["set", *argv], cluster.handle, cluster.admin, files=files)

    assert local("image", "--local", "-f", "loc.yaml", "c=redis").stdout == (
        "deployment.apps/loc image updated\n"
    )
    printed = json.loads(
        local("image", "--local", "-f", "loc.yaml", "c=redis", "-o", "json").stdout
    )
    assert list(printed) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert printed["metadata"] == {"name": "loc"} and printed["spec"]["strategy"] == {}
    assert printed["spec"]["template"]["spec"]["containers"] == [
        {"name": "c", "image": "redis", "resources": {}}
    ]
    assert local("image", "--local", "-f", "loc.yaml", "c=nginx").stdout == ""  # unchanged
    assert local("image", "--local", "deploy/web", "nginx=x").stderr.startswith(
        "error: you must specify resources by --filename when --local is set.\n"
    )
    assert run(cluster, "get", "deploy", "loc").stderr.startswith("Error from server (NotFound)")


RESOLVED = """apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: web}}
spec:
  containers:
  - name: c
    image: busybox
    resources: {limits: {memory: 128Mi}}
    env:
    - {name: A, valueFrom: {configMapKeyRef: {name: cfg, key: a}}}
    - {name: OPT, valueFrom: {configMapKeyRef: {name: nope, key: a, optional: true}}}
    - {name: PASS, valueFrom: {secretKeyRef: {name: sec, key: pass}}}
    - {name: MISSING, valueFrom: {secretKeyRef: {name: sec, key: nokey}}}
    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
    - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: MEM, valueFrom: {resourceFieldRef: {containerName: c, resource: limits.memory, divisor: 1Mi}}}
"""


def test_env_list_names_each_reference_and_resolve_reads_what_it_can():
    cluster = Cluster()
    run(cluster, "create", "configmap", "cfg", "--from-literal=a=1")
    run(cluster, "create", "secret", "generic", "sec", "--from-literal=pass=s3cret")
    run(cluster, "apply", "-f", "-", stdin=RESOLVED)
    assert run(cluster, "set", "env", "pod/p", "--list").stdout.splitlines()[-1] == (
        "# MEM from resource field c/limits.memory"
    )
    resolved = run(cluster, "set", "env", "pod/p", "--list", "--resolve")
    assert (resolved.stdout, resolved.exit_code) == (
        "# Pod p, container c\n"
        "A=1\n"
        "# OPT from configmap nope, key a\n"
        "PASS=s3cret\n"
        "# MISSING from secret sec, key nokey\n"
        "POD=p\n"
        "APP=web\n"
        "# IP from field path status.podIP\n"
        "# NODE from field path spec.nodeName\n"
        "MEM=128\n",
        0,
    )
    assert resolved.stderr == (
        "error retrieving reference for IP: unsupported fieldPath: status.podIP\n"
        "error retrieving reference for MISSING: key nokey not found in secret sec\n"
        "error retrieving reference for NODE: unsupported fieldPath: spec.nodeName\n"
        'error retrieving reference for OPT: configmaps "nope" not found\n'
    )


def test_env_names_must_be_valid_variable_names(cluster):
    result = run(cluster, "set", "env", "deployment/web", "1A=1")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr == (
        'error: "1A" is not a valid key name: a valid environment variable name must consist of '
        "alphabetic characters, digits, '_', '-', or '.', and must not start with a digit "
        "(e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation "
        "is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n"
    )
