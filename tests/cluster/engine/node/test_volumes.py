"""The files of a pod's volumes, and FailedMount while a ConfigMap or Secret is missing."""

import base64

import pytest

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.volumes import MountError, Sources, volume_files
from tests.cluster.kubectl.helpers import create_manifest, run

STORE = {
    ("configmaps", "app"): {"data": {"color": "blue", "size": "L"}},
    ("configmaps", "bin"): {
        "data": {"a": "1"},
        "binaryData": {"b": base64.b64encode(b"2").decode()},
    },
    ("secrets", "db"): {"data": {"password": base64.b64encode(b"s3cret").decode()}},
}
FIELDS = {"metadata.namespace": "default", "metadata.labels": 'app="web"'}


def lookup(resource, name):
    return STORE.get((resource, name))


SOURCES = Sources(lookup, lambda projection: f"token for {projection.get('audience', 'the API')}")


@pytest.mark.parametrize(
    ("volume", "files"),
    [
        ({"configMap": {"name": "app"}}, [("color", "blue"), ("size", "L")]),
        (
            {"configMap": {"name": "app", "items": [{"key": "size", "path": "conf/size"}]}},
            [("conf/size", "L")],
        ),
        ({"secret": {"secretName": "db"}}, [("password", "s3cret")]),
        ({"configMap": {"name": "bin"}}, [("a", "1"), ("b", "2")]),  # binaryData too
        ({"configMap": {"name": "bin", "items": [{"key": "b", "path": "x"}]}}, [("x", "2")]),
        ({"configMap": {"name": "nope", "optional": True}}, []),
        (
            {
                "downwardAPI": {
                    "items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]
                }
            },
            [("labels", 'app="web"')],
        ),
        (
            {
                "projected": {
                    "sources": [
                        {"secret": {"name": "db"}},
                        {"configMap": {"name": "app", "items": [{"key": "color", "path": "c"}]}},
                        {
                            "downwardAPI": {
                                "items": [
                                    {
                                        "path": "namespace",
                                        "fieldRef": {"fieldPath": "metadata.namespace"},
                                    }
                                ]
                            }
                        },
                    ]
                }
            },
            [("password", "s3cret"), ("c", "blue"), ("namespace", "default")],
        ),
        (
            {
                "projected": {
                    "sources": [{"serviceAccountToken": {"path": "t", "audience": "vault"}}]
                }
            },
            [("t", "token for vault")],
        ),
        ({"emptyDir": {}}, []),
    ],
)
def test_the_files_of_a_volume(volume, files):
    assert volume_files({"name": "v", **volume}, FIELDS, SOURCES) == files


@pytest.mark.parametrize(
    ("volume", "message"),
    [
        ({"configMap": {"name": "nope"}}, 'configmap "nope" not found'),
        ({"secret": {"secretName": "nope"}}, 'secret "nope" not found'),
        (
            {"configMap": {"name": "app", "items": [{"key": "k", "path": "k"}]}},
            "configmap references non-existent config key: k",
        ),
        (
            {"secret": {"secretName": "db", "items": [{"key": "k", "path": "k"}]}},
            "references non-existent secret key: k",
        ),
        (
            {
                "projected": {
                    "sources": [{"configMap": {"name": "nope"}}, {"secret": {"name": "x"}}]
                }
            },
            '[configmap "nope" not found, secret "x" not found]',  # an aggregate of errors
        ),
    ],
)
def test_a_volume_that_cannot_be_set_up_says_why(volume, message):
    with pytest.raises(MountError) as raised:
        volume_files({"name": "v", **volume}, FIELDS, SOURCES)
    assert str(raised.value) == f'MountVolume.SetUp failed for volume "v" : {message}'


def test_a_pod_waits_for_its_configmap_volume_then_reads_its_files():
    cluster = Cluster(ClusterSpec())
    container = {
        "name": "c",
        "image": "busybox:1.36",
        "command": ["sh", "-c", "cat /etc/config/color; echo"],
        "volumeMounts": [{"name": "config", "mountPath": "/etc/config"}],
    }
    volumes = [{"name": "config", "configMap": {"name": "settings"}}]
    create_manifest(cluster, "reader", container, volumes=volumes)
    cluster.advance_to(20_000)
    assert run(cluster, "get", "pod", "reader", "--no-headers").stdout.split()[2] == (
        "ContainerCreating"
    )
    events = run(cluster, "get", "events", "--field-selector", "reason=FailedMount", "--no-headers")
    assert 'MountVolume.SetUp failed for volume "config" : configmap "settings" not found' in (
        events.stdout
    )
    run(cluster, "create", "configmap", "settings", "--from-literal=color=blue")
    cluster.advance_to(40_000)
    assert run(cluster, "logs", "reader").stdout == "blue\n"


def test_each_volume_that_cannot_be_set_up_has_its_failedmount_event():
    cluster = Cluster(ClusterSpec())
    container = {
        "name": "c",
        "image": "busybox",
        "command": ["sleep", "3600"],
        "volumeMounts": [{"name": "cfg", "mountPath": "/c"}, {"name": "sec", "mountPath": "/s"}],
    }
    volumes = [
        {"name": "cfg", "configMap": {"name": "settings"}},
        {"name": "sec", "secret": {"secretName": "creds"}},
    ]
    create_manifest(cluster, "p", container, volumes=volumes)
    cluster.advance_to(5_000)
    messages = run(
        cluster,
        "get",
        "events",
        "--field-selector",
        "reason=FailedMount",
        "-o",
        "jsonpath={range .items[*]}{.message}{'\\n'}{end}",
    ).stdout
    assert messages == (
        'MountVolume.SetUp failed for volume "cfg" : configmap "settings" not found\n'
        'MountVolume.SetUp failed for volume "sec" : secret "creds" not found\n'
    )


def test_a_changed_configmap_reaches_its_volume_at_the_next_periodic_sync_not_its_variables():
    cluster = Cluster(ClusterSpec())
    run(cluster, "create", "configmap", "sport", "--from-literal=sport=football")
    container = {
        "name": "c",
        "image": "alpine:3",
        "command": [
            "sh",
            "-c",
            'while true; do echo "$(cat /etc/config/sport) $SPORT"; sleep 10; done',
        ],
        "env": [
            {"name": "SPORT", "valueFrom": {"configMapKeyRef": {"name": "sport", "key": "sport"}}}
        ],
        "volumeMounts": [{"name": "config", "mountPath": "/etc/config"}],
    }
    volumes = [{"name": "config", "configMap": {"name": "sport"}}]
    create_manifest(cluster, "fan", container, volumes=volumes, restartPolicy="Always")
    cluster.advance_to(30_000)
    run(cluster, "patch", "configmap", "sport", "-p", '{"data":{"sport":"cricket"}}')
    cluster.advance_to(59_000)  # the pod's next sync is a minute after its worker began
    assert run(cluster, "exec", "fan", "--", "cat", "/etc/config/sport").stdout == "football"
    cluster.advance_to(90_000)
    assert run(cluster, "exec", "fan", "--", "cat", "/etc/config/sport").stdout == "cricket"
    logs = run(cluster, "logs", "fan").stdout.splitlines()
    assert logs[:5] == ["football football"] * 5
    assert logs[-2:] == ["cricket football"] * 2  # variables are set once, at the start


def test_a_subpath_mount_is_that_file_and_keeps_what_it_held():
    cluster = Cluster(ClusterSpec())
    run(cluster, "create", "configmap", "app", "--from-literal=app.conf=v1", "--from-literal=x=1")
    container = {
        "name": "c",
        "image": "busybox",
        "command": ["sleep", "3600"],
        "volumeMounts": [
            {"name": "cfg", "mountPath": "/etc/app.conf", "subPath": "app.conf"},
            {"name": "cfg", "mountPath": "/etc/cfg"},
        ],
    }
    volumes = [{"name": "cfg", "configMap": {"name": "app"}}]
    create_manifest(cluster, "p", container, volumes=volumes, restartPolicy="Always")
    cluster.advance_to(10_000)
    assert run(cluster, "exec", "p", "--", "cat", "/etc/app.conf").stdout == "v1"
    run(cluster, "patch", "configmap", "app", "-p", '{"data":{"app.conf":"v2"}}')
    cluster.advance_to(90_000)
    assert run(cluster, "exec", "p", "--", "cat", "/etc/cfg/app.conf").stdout == "v2"
    assert (
        run(cluster, "exec", "p", "--", "cat", "/etc/app.conf").stdout == "v1"
    )  # as Kubernetes: subPath mounts get no updates
