"""kubectl get -f: the objects a file names, a table for each run of one kind."""

from cluster.engine.cluster import Cluster
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
