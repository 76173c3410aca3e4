"""kubectl get, describe and label -f: the objects a file names, those missing said after."""

import json

import yaml

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run

FILE = (
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n---\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n---\n"
    "apiVersion: v1\nkind: Secret\nmetadata: {name: two}\n"
)


def test_the_objects_of_a_file_and_those_missing() -> None:
    cluster = Cluster()
    run(cluster, "create", "configmap", "one")
    run(cluster, "create", "secret", "generic", "two")
    result = run(cluster, "get", "-f", "-", "-o", "name", stdin=FILE)
    assert result.stdout == "configmap/one\nsecret/two\n"
    assert result.stderr == 'Error from server (NotFound): configmaps "gone" not found\n'
    tables = run(cluster, "get", "-f", "-", stdin=FILE).stdout
    assert tables.startswith("NAME            DATA   AGE\nconfigmap/one   0      0s\n\nNAME")


def test_describe_and_label_of_a_file_go_on_past_a_missing_object() -> None:
    cluster = Cluster()
    run(cluster, "create", "configmap", "one")
    run(cluster, "create", "secret", "generic", "two")
    missing = 'Error from server (NotFound): configmaps "gone" not found\n'
    described = run(cluster, "describe", "-f", "-", stdin=FILE)
    assert (
        described.stdout.startswith("Name:         one\n")
        and "Name:         two" in described.stdout
    )
    assert described.stderr == missing
    labeled = run(cluster, "label", "-f", "-", "x=1", stdin=FILE)
    assert (labeled.stdout, labeled.stderr) == (
        "configmap/one labeled\nsecret/two labeled\n",
        missing,
    )


def test_a_watch_of_nothing_says_nothing_and_one_the_server_cannot_watch_fails():
    cluster = Cluster()
    for argv in (("pods", "-w"), ("crd", "-w"), ("pods", "-w", "-o", "yaml")):
        watched = run(cluster, "get", *argv)
        assert (watched.stdout, watched.stderr, watched.exit_code) == ("", "", 0)
    listed = run(cluster, "get", "componentstatuses", "-w")
    assert listed.stdout.splitlines()[0].split() == ["NAME", "STATUS", "MESSAGE", "ERROR"]
    assert (listed.stderr, listed.exit_code) == (
        "Warning: v1 ComponentStatus is deprecated in v1.19+\n"
        "Error from server (MethodNotAllowed): the server does not allow this method on the "
        "requested resource\n",
        1,
    )


def test_a_watch_is_of_one_resource_or_one_type_of_resource():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    run(cluster, "run", "api", "--image=nginx")
    several = run(cluster, "get", "pods,deploy", "-w")
    assert (several.stdout, several.stderr, several.exit_code) == (
        "",
        "error: you may only specify a single resource type\n",
        1,
    )
    two = run(cluster, "get", "pods", "web", "api", "-w")
    assert two.stdout.splitlines()[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert (two.stderr, two.exit_code) == (
        "error: you may only watch a single resource or type of resource at a time\n",
        1,
    )


def test_a_watch_of_a_file_prints_its_objects_one_by_one_and_watches_only_one() -> None:
    cluster = Cluster()
    run(cluster, "create", "configmap", "one")
    run(cluster, "create", "secret", "generic", "two")
    kept = FILE.replace("name: gone", "name: one")  # the secret, and the configmap twice
    tables = run(cluster, "get", "-f", "-", "-w", stdin=kept)
    # plain names, a header when the columns change, one tabwriter: as kubectl's watch prints
    assert tables.stdout == (
        "NAME   DATA     AGE\none    0        0s\none    0        0s\nNAME   TYPE     DATA   AGE\n"
        "two    Opaque   0      0s\n"
    )
    assert (tables.stderr, tables.exit_code) == (
        "error: watch is only supported on individual resources and resource collections - "
        "3 resources were found\n",
        1,
    )
    documents = run(cluster, "get", "-f", "-", "-w", "-o", "yaml", stdin=kept).stdout
    assert documents.count("---\n") == 2 and "kind: List" not in documents
    # the first missing one ends it before anything is printed
    missing = run(cluster, "get", "-f", "-", "-w", "-o", "name", stdin=FILE)
    assert (missing.stdout, missing.stderr) == (
        "",
        'Error from server (NotFound): configmaps "gone" not found\n',
    )
    one = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n"
    columns = "custom-columns=NAME:.metadata.name"
    assert run(cluster, "get", "-f", "-", "-w", "-o", columns, stdin=one).stdout == "NAME\none\n"
    assert run(cluster, "get", "-f", "-", "--watch-only", stdin=one).stdout == ""
    twice = run(cluster, "get", "-f", "-", "-f", "-", "-w", "-o", "name", stdin=one)
    assert (twice.stdout, twice.stderr) == (
        "configmap/one\nconfigmap/one\n",
        "error: you may only watch a single resource or type of resource at a time\n",
    )


def test_get_flags_for_kinds_server_printing_chunks_and_missing_keys():
    cluster = Cluster()
    run(cluster, "create", "configmap", "a")
    kinds = run(cluster, "get", "cm", "a", "--show-kind").stdout
    assert kinds.splitlines()[1].startswith("configmap/a ")
    plain = run(cluster, "get", "cm", "a", "--server-print=false", "--chunk-size=1").stdout
    assert plain == "NAME   AGE\na      0s\n"
    strict = ["get", "cm", "a", "-o", "jsonpath={.metadata.nope}"]
    assert run(cluster, *strict).stdout == ""
    refused = run(cluster, *strict, "--allow-missing-template-keys=false")
    assert refused.stderr.startswith(
        'error: error executing jsonpath "{.metadata.nope}": Error executing template: '
        "nope is not found. Printing more information for debugging the template:\n"
    )


def test_a_name_across_all_namespaces_or_in_a_missing_one_is_refused_as_kubectl_does():
    cluster = Cluster()
    everywhere = "error: a resource cannot be retrieved by name across all namespaces\n"
    assert run(cluster, "get", "pod", "x", "-A").stderr == everywhere
    assert run(cluster, "delete", "pod", "x", "-A").stderr == everywhere
    assert run(cluster, "get", "node", "node-1", "-A", "-o", "name").stdout == "node/node-1\n"
    assert run(cluster, "get", "-n", "nosuch", "pod", "x").stderr == (
        'Error from server (NotFound): namespaces "nosuch" not found\n'
    )


def test_yaml_folds_long_strings_at_80_columns_as_go_yaml_does():
    cluster = Cluster()
    described = (
        "desc=this is a very long annotation value with many words in it so that it goes past "
        "eighty columns for sure, and then some more words: here"
    )
    assert run(cluster, "run", "web", "--image=nginx", f"--annotations={described}").exit_code == 0
    printed = run(cluster, "get", "pod", "web", "-o", "yaml").stdout
    assert (  # as kubectl 1.37 prints it
        "    desc: 'this is a very long annotation value with many words in it so that it goes\n"
        "      past eighty columns for sure, and then some more words: here'\n"
    ) in printed


def test_a_watch_answered_at_once_prints_each_object_as_the_watch_would():
    cluster = Cluster()
    for name in ("a", "b"):
        assert run(cluster, "run", name, "--image=nginx").exit_code == 0
    documents = run(cluster, "get", "pods", "-w", "-o", "yaml").stdout.split("---\n")
    assert [yaml.safe_load(d)["metadata"]["name"] for d in documents] == ["a", "b"]
    assert run(cluster, "get", "pods", "-w", "-o", "jsonpath={.metadata.name}").stdout == "ab"
    assert run(cluster, "get", "pods", "-w", "-o", "kyaml").stdout.count("---\n") == 2


def test_a_label_selector_picks_the_objects_of_files_and_none_is_said():
    cluster = Cluster()
    files = {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {a: b}\n"}

    def with_file(*argv: str):
        return kubectl(list(argv), cluster.handle, cluster.admin, files=files)

    assert with_file("create", "-f", "cm.yaml").exit_code == 0
    assert with_file("get", "-f", "cm.yaml", "-l", "a=b", "-o", "name").stdout == "configmap/c\n"
    none = with_file("get", "-f", "cm.yaml", "-l", "a=c")
    assert (none.stdout, none.stderr) == ("", "No resources found in default namespace.\n")
    assert json.loads(with_file("get", "-f", "cm.yaml", "-l", "a=c", "-o", "json").stdout) == {
        "apiVersion": "v1",
        "items": [],
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    }


def test_a_subresource_of_named_objects():
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=2")
    scale = run(cluster, "get", "deploy", "web", "--subresource=scale")
    assert scale.stdout.splitlines()[0].split() == ["NAME", "DESIRED", "AVAILABLE", "AGE"]
    as_json = json.loads(
        run(cluster, "get", "deploy/web", "--subresource=scale", "-o", "json").stdout
    )
    assert (as_json["kind"], as_json["spec"]) == ("Scale", {"replicas": 2})
    assert run(cluster, "get", "deploy/web", "--subresource=scale", "-o", "name").stdout == (
        "scale.autoscaling/web\n"
    )
    bulk = run(cluster, "get", "deploy", "--subresource=scale")
    assert (bulk.stderr, bulk.exit_code) == (
        "error: subresource cannot be used when bulk resources are specified\n",
        1,
    )


def test_kinds_are_named_when_what_was_found_is_of_several():
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx")
    run(cluster, "create", "configmap", "one")
    alone = run(cluster, "get", "deploy/web", "cm/gone")  # the missing one is no kind found
    assert alone.stdout.splitlines()[1].startswith("web ")
    both = run(cluster, "get", "deploy/web", "cm/one")
    assert [line.split()[0] for line in both.stdout.splitlines() if line][1::2] == [
        "deployment.apps/web",
        "configmap/one",
    ]
