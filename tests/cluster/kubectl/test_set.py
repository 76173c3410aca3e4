"""kubectl set image, env and resources: a pod template changed by a strategic merge patch."""

import json

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl import helptexts
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
